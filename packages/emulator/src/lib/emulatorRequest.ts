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

/**
 * The part of a Node readable stream (node:http's `IncomingMessage`) that {@link readCappedBody} uses;
 * typed here so that this file stays free of Node imports (it runs in browsers under msw).
 */
export interface NodeReadable {
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown
  once(event: 'end' | 'error' | 'close', listener: () => void): unknown
  off(event: 'data' | 'end' | 'error' | 'close', listener: (chunk: Uint8Array) => void): unknown
  resume(): unknown
}

/** Where a body comes from, for {@link readCappedBody}. */
export interface BodySource {
  /** A web stream (`Request.body`, `Response.body`), a Node stream, or `null` for no body. */
  readonly body: ReadableStream<Uint8Array> | NodeReadable | null
  /** The `Content-Length` header, checked before a byte is read. */
  readonly declaredLength: string | null
}

/**
 * The emulator's one capped body reader: every request body (both adapters) and every response body it
 * reads goes through it. Never buffers more than `maxBytes`: a declared `Content-Length` over the cap is
 * refused before reading, and the count is kept as chunks arrive, so a lying or missing length cannot
 * make it buffer more. A refused web stream is cancelled; a refused Node stream is drained instead,
 * so that the 413 still reaches the client on its socket. Resolves `empty`, the UTF-8 `text`,
 * `too-large`, or `unreadable` (not UTF-8, or the stream failed, e.g. the client went away mid-body);
 * never rejects.
 *
 * @example
 * ```ts
 * const body = await readCappedBody({ body: request.body, declaredLength: request.headers.get('content-length') }, LIMITS.maxBodyBytes)
 * if (body.kind === 'too-large') return echoError(413)
 * ```
 */
export function readCappedBody({ body, declaredLength }: BodySource, maxBytes: number): Promise<BodyResult> {
  const declaredTooLarge = Number(declaredLength ?? Number.NaN) > maxBytes
  if (body === null) return Promise.resolve(declaredTooLarge ? TOO_LARGE : EMPTY)
  const chunks = new CappedChunks(maxBytes)
  if (isWebStream(body)) {
    if (declaredTooLarge) return body.cancel().then(() => TOO_LARGE, () => TOO_LARGE)
    return readWebStream(body, chunks)
  }
  if (declaredTooLarge) {
    body.resume()
    return Promise.resolve(TOO_LARGE)
  }
  return readNodeStream(body, chunks)
}

/** The chunks of one body so far, up to the cap: what both kinds of stream feed. */
class CappedChunks {
  private readonly kept: Uint8Array[] = []
  private length = 0

  constructor(private readonly maxBytes: number) {}

  /** Keeps `chunk`; false (keeping nothing more) once the body is over the cap. */
  add(chunk: Uint8Array): boolean {
    this.length += chunk.byteLength
    if (this.length > this.maxBytes) return false
    this.kept.push(chunk)
    return true
  }

  /** The whole body's bytes as a {@link BodyResult}: `empty`, or the text if it is UTF-8. */
  result(): BodyResult {
    if (this.length === 0) return EMPTY
    try {
      return { kind: 'text', text: UTF8.decode(this.kept.length === 1 ? this.kept[0]! : concatenate(this.kept, this.length)) }
    } catch {
      return UNREADABLE
    }
  }
}

function isWebStream(body: ReadableStream<Uint8Array> | NodeReadable): body is ReadableStream<Uint8Array> {
  return typeof (body as Partial<ReadableStream>).getReader === 'function'
}

/** Through the reader rather than `for await`: not every browser makes `ReadableStream` async-iterable. */
async function readWebStream(body: ReadableStream<Uint8Array>, chunks: CappedChunks): Promise<BodyResult> {
  const reader = body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return chunks.result()
      if (!chunks.add(value)) {
        await reader.cancel().catch(() => {})
        return TOO_LARGE
      }
    }
  } catch {
    return UNREADABLE
  }
}

/**
 * Node's events, as the CLI has always read bodies: its async iterator adds promises per chunk on the
 * hot path, and by default destroys the socket when left early, where the 413 must still go out.
 */
function readNodeStream(body: NodeReadable, chunks: CappedChunks): Promise<BodyResult> {
  return new Promise((resolve) => {
    const finish = (result: BodyResult): void => {
      body.off('data', onData)
      body.off('end', onEnd)
      body.off('error', onFailure)
      body.off('close', onFailure)
      resolve(result)
    }
    const onData = (chunk: Uint8Array): void => {
      if (chunks.add(chunk)) return
      finish(TOO_LARGE)
      // Let the rest arrive and vanish.
      body.resume()
    }
    const onEnd = (): void => finish(chunks.result())
    // An error, or a close before the end: the client went away mid-body.
    const onFailure = (): void => finish(UNREADABLE)
    body.on('data', onData)
    body.once('end', onEnd)
    body.once('error', onFailure)
    body.once('close', onFailure)
  })
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
