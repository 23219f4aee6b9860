import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { nodeListener } from '../cli/nodeAdapter.js'
import { json } from '../lib/http.js'

let server: Server | undefined
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
  server = undefined
})

/** Serves `handler` the way the CLI does and returns its base URL. */
async function serve(handler: (request: Request) => Response | Promise<Response>): Promise<string> {
  server = createServer(nodeListener(async (request) => handler(request), 'http://localhost'))
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('the CLI’s node:http adapter', () => {
  it('writes the JSON the emulator built as built: status, headers, each Set-Cookie on its own, exact length', async () => {
    const headers = new Headers({ 'X-Session-Lifetime': '3600' })
    headers.append('Set-Cookie', 'a=1; Path=/')
    headers.append('Set-Cookie', 'b=2; Path=/')
    const url = await serve(() => json(201, { message: 'grüß dich', path: '/me' }, headers))
    const response = await fetch(`${url}/me`)
    expect(response.status).toBe(201)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.headers.get('x-session-lifetime')).toBe('3600')
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/'])
    const text = await response.text()
    expect(JSON.parse(text)).toEqual({ message: 'grüß dich', path: '/me' })
    expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(text))
  })

  it('reads back any other body, such as a stream, and sends none for a bodiless response', async () => {
    const encoder = new TextEncoder()
    const url = await serve((request) => {
      if (new URL(request.url).pathname === '/empty') return new Response(null, { status: 204 })
      const chunks = ['{"streamed":', 'true}']
      return new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            const chunk = chunks.shift()
            if (chunk === undefined) controller.close()
            else controller.enqueue(encoder.encode(chunk))
          },
        }),
        { headers: { 'content-type': 'application/json' } },
      )
    })
    expect(await (await fetch(`${url}/stream`)).json()).toEqual({ streamed: true })
    const empty = await fetch(`${url}/empty`)
    expect(empty.status).toBe(204)
    expect(await empty.text()).toBe('')
  })
})
