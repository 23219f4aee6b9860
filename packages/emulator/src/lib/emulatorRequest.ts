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
const EMPTY: BodyResult = { kind: 'empty' }
const TOO_LARGE: BodyResult = { kind: 'too-large' }
const UNREADABLE: BodyResult = { kind: 'unreadable' }

/** Where a body comes from, for {@link readCappedBody}. */
export interface BodySource {
  /** The chunks: a web stream (`Request.body`, `Response.body`), a Node stream's iterator, or `null` for no body. */
  readonly chunks: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null
  /** The `Content-Length` header, checked before a byte is read. */
  readonly declaredLength: string | null
  /**
   * Lets go of the rest of a refused body. A web stream is cancelled by the reader itself; a server
   * socket is drained instead (Node's `incoming.resume()`), so that the 413 still reaches the client.
   */
  readonly discard?: () => void
}

/**
 * The emulator's one capped body reader: every request body (both adapters) and every response body it
 * reads goes through it. Never buffers more than `maxBytes`: a declared `Content-Length` over the cap is
 * refused before reading, and the count is kept as chunks arrive, so a lying or missing length cannot
 * make it buffer more. Resolves `empty`, the UTF-8 `text`, `too-large`, or `unreadable` (not UTF-8, or
 * the stream failed, e.g. the client went away mid-body); never rejects.
 *
 * @example
 * ```ts
 * const body = await readCappedBody({ chunks: request.body, declaredLength: request.headers.get('content-length') }, LIMITS.maxBodyBytes)
 * if (body.kind === 'too-large') return echoError(413)
 * ```
 */
export async function readCappedBody(source: BodySource, maxBytes: number): Promise<BodyResult> {
  const { chunks, declaredLength, discard } = source
  if (Number(declaredLength ?? Number.NaN) > maxBytes) {
    if (chunks !== null && isWebStream(chunks)) await chunks.cancel().catch(() => {})
    discard?.()
    return TOO_LARGE
  }
  if (chunks === null) return EMPTY
  const kept: Uint8Array[] = []
  let length = 0
  try {
    for await (const chunk of isWebStream(chunks) ? webStreamChunks(chunks) : chunks) {
      length += chunk.byteLength
      if (length > maxBytes) break
      kept.push(chunk)
    }
  } catch {
    return UNREADABLE
  }
  if (length > maxBytes) {
    // Only now: leaving the loop has closed the iterator (a web stream is cancelled by it).
    discard?.()
    return TOO_LARGE
  }
  return decodeBody(kept.length === 1 ? kept[0]! : concatenate(kept, length))
}

function isWebStream(chunks: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>): chunks is ReadableStream<Uint8Array> {
  return typeof (chunks as Partial<ReadableStream>).getReader === 'function'
}

/** A web stream's chunks through its reader: not every browser makes `ReadableStream` async-iterable. */
async function* webStreamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader()
  let finished = false
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) {
        finished = true
        return
      }
      yield value
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => {})
  }
}

function concatenate(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const bytes = new Uint8Array(length)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

/** A whole body's bytes as a {@link BodyResult}: `empty`, or the text if it is UTF-8. */
function decodeBody(bytes: Uint8Array): BodyResult {
  if (bytes.byteLength === 0) return EMPTY
  try {
    return { kind: 'text', text: UTF8.decode(bytes) }
  } catch {
    return UNREADABLE
  }
}
