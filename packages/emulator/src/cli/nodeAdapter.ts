import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EmulatorRequestContext } from '../HankoEmulator.js'
import { jsonText } from '../lib/http.js'

type FetchHandler = (request: Request, context: EmulatorRequestContext) => Promise<Response>

/**
 * Serves a web-standard fetch handler on node:http: the incoming request becomes a `Request` (body
 * streamed, aborted when the client goes away), and the `Response` is written back with every
 * `Set-Cookie` kept separate. A network-error response (`Response.error()`, the emulator's dropped
 * connection) destroys the socket without a byte, so the client sees a real connection reset.
 */
export function nodeListener(handler: FetchHandler, base: string): (request: IncomingMessage, response: ServerResponse) => void {
  return (incoming, outgoing) => {
    void serve(handler, base, incoming, outgoing).catch(() => {
      if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-type': 'application/json' })
      outgoing.end('{"code":500,"message":"Internal Server Error"}')
    })
  }
}

async function serve(handler: FetchHandler, base: string, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  const controller = new AbortController()
  outgoing.on('close', () => {
    if (!outgoing.writableFinished) controller.abort()
  })
  const response = await handler(toRequest(incoming, base, controller.signal), { clientAddress: incoming.socket.remoteAddress ?? 'unknown' })
  if (response.type === 'error') {
    incoming.socket.destroy()
    return
  }
  const headers: Record<string, string | string[]> = {}
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) headers['set-cookie'] = cookies
  const text = jsonText(response)
  const body = text !== undefined ? Buffer.from(text) : response.body === null ? undefined : Buffer.from(await response.arrayBuffer())
  if (body !== undefined) headers['content-length'] = String(body.byteLength)
  outgoing.writeHead(response.status, headers)
  outgoing.end(body)
}

function toRequest(incoming: IncomingMessage, base: string, signal: AbortSignal): Request {
  const headers = new Headers()
  const raw = incoming.rawHeaders
  for (let index = 0; index + 1 < raw.length; index += 2) {
    try {
      headers.append(raw[index]!, raw[index + 1]!)
    } catch {
      // A header value fetch refuses (e.g. a control character) is dropped, as a proxy would.
    }
  }
  const method = incoming.method ?? 'GET'
  const hasBody = method !== 'GET' && method !== 'HEAD'
  // The path only: the Host header is the client's to choose and must not change routing.
  const url = new URL(incoming.url?.startsWith('/') ? incoming.url : '/', base)
  return new Request(url, {
    method,
    headers,
    signal,
    ...(hasBody ? { body: bodyStream(incoming), duplex: 'half' } : {}),
  })
}

/**
 * The request body as a web stream, with back-pressure. Node 20's `Readable.toWeb` throws an uncaught
 * error when the reader cancels while data is still arriving (which the emulator does for a body over
 * its size cap); here a cancel just stops listening and lets the rest drain, so the 413 still goes out.
 */
function bodyStream(incoming: IncomingMessage): ReadableStream<Uint8Array> {
  let open = true
  let onData: ((chunk: Buffer) => void) | undefined
  return new ReadableStream<Uint8Array>({
    start(controller) {
      onData = (chunk) => {
        if (!open) return
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
        if ((controller.desiredSize ?? 1) <= 0) incoming.pause()
      }
      incoming.on('data', onData)
      incoming.once('end', () => {
        if (open) controller.close()
        open = false
      })
      incoming.once('error', (error) => {
        if (open) controller.error(error)
        open = false
      })
    },
    pull() {
      incoming.resume()
    },
    cancel() {
      open = false
      if (onData !== undefined) incoming.off('data', onData)
      incoming.resume()
    },
  })
}
