import { type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse, createServer } from 'node:http'
import { type BodyResult, type EmulatorRequest, readCappedBody } from '../lib/emulatorRequest.js'
import type { EmulatorResponse } from '../lib/emulatorResponse.js'

type Handler = (request: EmulatorRequest) => Promise<EmulatorResponse>

/**
 * A node:http server for the emulator's request handler, without the web `Request`/`Response` layer,
 * which under load costs several times what the routes do: the request is read straight from
 * `IncomingMessage` (the body streamed under its cap, an abort signal only when something asks for
 * one), and the answer is one `writeHead` and one `end`, every `Set-Cookie` on its own line. A
 * network-error answer (a `'drop'` fault) destroys the socket without a byte, so the client sees a real
 * connection reset.
 */
export function createNodeServer(handler: Handler): Server {
  // Repeated headers joined as fetch's `Headers` joins them (`, `; `; ` for Cookie). By default Node
  // keeps only the first of some, such as Authorization: two bearer tokens must fail as ambiguous, as
  // they do through `emulator.fetch`.
  return createServer({ joinDuplicateHeaders: true }, (incoming, outgoing) => {
    handler(new NodeRequest(incoming, outgoing))
      .then((response) => write(incoming, outgoing, response))
      .catch(() => {
        if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-type': 'application/json' })
        outgoing.end('{"code":500,"message":"Internal Server Error"}')
      })
  })
}

function write(incoming: IncomingMessage, outgoing: ServerResponse, response: EmulatorResponse): void {
  if (response.networkError) {
    incoming.socket.destroy()
    return
  }
  const headers: OutgoingHttpHeaders = {}
  let cookies: string[] | undefined
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie') (cookies ??= []).push(value)
    else headers[name] = headers[name] === undefined ? value : `${String(headers[name])}, ${value}`
  }
  if (cookies !== undefined) headers['set-cookie'] = cookies
  const { body } = response
  if (body !== undefined) headers['content-length'] = Buffer.byteLength(body)
  outgoing.writeHead(response.status, headers)
  // A string body goes out in the same write as the head; a Buffer would take a second one (writev).
  outgoing.end(body)
}

/** Paths that WHATWG URL leaves as they are: no dot segments, escapes, backslashes or a leading `//`. */
const PLAIN_PATH = /^\/(?!\/)[\w\-.~!$&'()*+,;=:@/]*$/
const DOT_SEGMENT = /\/\.\.?(?:\/|$)/

const UNREADABLE: BodyResult = { kind: 'unreadable' }

class NodeRequest implements EmulatorRequest {
  readonly method: string
  readonly path: string
  readonly clientAddress: string
  private readonly search: string
  private params: URLSearchParams | undefined
  private controller: AbortController | undefined
  private bodyTaken = false

  constructor(
    private readonly incoming: IncomingMessage,
    private readonly outgoing: ServerResponse,
  ) {
    this.method = incoming.method ?? 'GET'
    // The request target only: the Host header is the client's to choose and must not change routing.
    const target = incoming.url?.startsWith('/') ? incoming.url : '/'
    const mark = target.indexOf('?')
    const path = mark === -1 ? target : target.slice(0, mark)
    if (PLAIN_PATH.test(path) && !DOT_SEGMENT.test(path) && !target.includes('#')) {
      this.path = path
      this.search = mark === -1 ? '' : target.slice(mark + 1)
    } else {
      // Anything unusual is resolved exactly as `emulator.fetch` would see it.
      const url = new URL(target, 'http://localhost')
      this.path = url.pathname
      this.search = url.search
    }
    this.clientAddress = incoming.socket.remoteAddress ?? 'unknown'
  }

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      const controller = new AbortController()
      const { outgoing } = this
      if (this.incoming.socket.destroyed) controller.abort()
      else
        outgoing.once('close', () => {
          if (!outgoing.writableFinished) controller.abort()
        })
      this.controller = controller
    }
    return this.controller.signal
  }

  query(name: string): string | null {
    this.params ??= new URLSearchParams(this.search)
    return this.params.get(name)
  }

  header(name: string): string | null {
    const value = this.incoming.headers[name]
    // Only Set-Cookie comes as an array, and a request has no business sending it.
    return value === undefined ? null : typeof value === 'string' ? value : value.join(', ')
  }

  readBody(maxBytes: number): Promise<BodyResult> {
    if (this.bodyTaken) return Promise.resolve(UNREADABLE)
    this.bodyTaken = true
    return readCappedBody({ body: this.method === 'GET' || this.method === 'HEAD' ? null : this.incoming, declaredLength: this.header('content-length') }, maxBytes)
  }
}
