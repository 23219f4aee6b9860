/** What reading a request body gave: nothing, UTF-8 text, more than the cap, or bytes that are not UTF-8. */
export type BodyResult =
  | { readonly kind: 'empty' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'unreadable' }

/**
 * One request as the routes see it, whichever server delivered it: `emulator.fetch` adapts a web
 * `Request`, the CLI adapts node:http's `IncomingMessage` directly (building a `Request` per request
 * costs more than answering `/sessions/validate` does). Adapters compute what they can lazily: most
 * routes read two headers and no body.
 */
export interface EmulatorRequest {
  readonly method: string
  /** The URL path as WHATWG URL normalises it (dot segments resolved, still percent-encoded); never taken from `Host`. */
  readonly path: string
  /** The first value of a query parameter, decoded; `null` when absent. */
  query(name: string): string | null
  /** A header's value, repeated headers joined as fetch's `Headers` joins them; `null` when absent. `name` is lower-case. */
  header(name: string): string | null
  /**
   * The body as UTF-8 text, never buffering more than `maxBytes` (checked against `Content-Length`
   * first, then while streaming). Call it once.
   */
  readBody(maxBytes: number): Promise<BodyResult>
  /** The client's IP address, when the server knows it. */
  readonly clientAddress: string | undefined
  /**
   * Aborts when the client goes away. The CLI creates it on first read, which only a latency fault
   * does: an `AbortController` per request is measurable on the hot path.
   */
  readonly signal: AbortSignal | undefined
}

/** Echo binds a body as JSON when the media type starts with `application/json`. */
export function isJsonRequest(request: EmulatorRequest): boolean {
  return (request.header('content-type') ?? '').toLowerCase().startsWith('application/json')
}

const UTF8 = new TextDecoder('utf-8', { fatal: true })

/** A whole body's bytes as a {@link BodyResult}: `empty`, or the text if it is UTF-8. */
export function decodeBody(bytes: Uint8Array): BodyResult {
  if (bytes.byteLength === 0) return { kind: 'empty' }
  try {
    return { kind: 'text', text: UTF8.decode(bytes) }
  } catch {
    return { kind: 'unreadable' }
  }
}
