// A local JWKS endpoint on 127.0.0.1 that counts requests. Each path is its own key set, so one server
// serves every scenario: `server.publish('/a/jwks.json', [jwk])` then `server.count('/a/jwks.json')`.
// A published value may be a function (called per request: a key set that changes on every fetch), and
// `server.hang(path)` makes a path accept requests and never answer them.
import { createServer } from 'node:http'

export async function startJwksServer() {
  const sets = new Map()
  const counts = new Map()
  const hanging = new Set()
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://127.0.0.1').pathname
    counts.set(path, (counts.get(path) ?? 0) + 1)
    if (hanging.has(path)) return
    const published = sets.get(path)
    const keys = typeof published === 'function' ? published() : published
    if (keys === undefined) {
      response.writeHead(404).end()
      return
    }
    const body = JSON.stringify({ keys })
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'public, max-age=600',
    })
    response.end(body)
  })
  server.keepAliveTimeout = 60_000
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    publish: (path, keys) => sets.set(path, keys),
    hang: (path, on = true) => (on ? hanging.add(path) : hanging.delete(path)),
    count: (path) => counts.get(path) ?? 0,
    close: () => {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(resolve))
    },
  }
}
