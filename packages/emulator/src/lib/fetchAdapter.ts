import type { EmulatorRequestContext } from '../HankoEmulator.js'
import { type BodyResult, type EmulatorRequest, decodeBody } from './emulatorRequest.js'
import { type EmulatorResponse, echoError } from './emulatorResponse.js'

/**
 * `emulator.fetch`: a web `Request` in, a `Response` out, with the routes in between working on the
 * emulator's own request and response shapes. Never rejects as long as `handle` does not.
 */
export async function serveFetch(
  handle: (request: EmulatorRequest) => Promise<EmulatorResponse>,
  request: Request,
  context: EmulatorRequestContext,
): Promise<Response> {
  let url: URL
  try {
    url = new URL(request.url)
  } catch {
    return toResponse(echoError(400))
  }
  return toResponse(await handle(new FetchRequest(request, url, context.clientAddress)))
}

function toResponse(response: EmulatorResponse): Response {
  if (response.networkError) return Response.error()
  // A header list (not a record) keeps every Set-Cookie; `Headers` then holds them apart.
  return new Response(response.body ?? null, { status: response.status, headers: response.headers })
}

class FetchRequest implements EmulatorRequest {
  readonly method: string
  readonly path: string

  constructor(
    private readonly request: Request,
    private readonly url: URL,
    readonly clientAddress: string | undefined,
  ) {
    this.method = request.method
    this.path = url.pathname
  }

  get signal(): AbortSignal {
    return this.request.signal
  }

  query(name: string): string | null {
    return this.url.searchParams.get(name)
  }

  header(name: string): string | null {
    return this.request.headers.get(name)
  }

  readBody(maxBytes: number): Promise<BodyResult> {
    return readStream(this.request, maxBytes)
  }
}

/** Streams the body with the byte ceiling enforced as it arrives, so a lying `Content-Length` cannot make us buffer more. */
async function readStream(request: Request, maxBytes: number): Promise<BodyResult> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (declared > maxBytes) {
    await request.body?.cancel().catch(() => {})
    return { kind: 'too-large' }
  }
  if (request.body === null) return { kind: 'empty' }
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let length = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      length += value.byteLength
      if (length > maxBytes) {
        await reader.cancel().catch(() => {})
        return { kind: 'too-large' }
      }
      chunks.push(value)
    }
  } catch {
    return { kind: 'unreadable' }
  }
  const bytes = new Uint8Array(length)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return decodeBody(bytes)
}
