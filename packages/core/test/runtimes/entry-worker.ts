// Entry for workerd (Cloudflare Workers): the suite runs inside one request.
import { runConformance } from './runConformance.js'

export default {
  async fetch(): Promise<Response> {
    return Response.json(await runConformance('workerd'))
  },
}
