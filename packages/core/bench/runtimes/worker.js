// Entry for workerd. workerd freezes its clocks while code runs (they advance only on I/O), so the
// host times each round from outside: POST /prepare, then POST /round/ours or /round/jose.
import { prepare, round } from './workload.js'

export default {
  async fetch(request) {
    const { pathname } = new URL(request.url)
    if (pathname === '/prepare') {
      await prepare(Number(new URL(request.url).searchParams.get('count')))
      return new Response('ok')
    }
    const contender = pathname.slice('/round/'.length)
    return Response.json({ verified: await round(contender) })
  },
}
