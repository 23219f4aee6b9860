import type { EmulatorRequestContext } from '../HankoEmulator.js'
import { type BodyResult, type EmulatorRequest, readCappedBody } from './emulatorRequest.js'
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
    return readCappedBody({ body: this.request.body, declaredLength: this.request.headers.get('content-length') }, maxBytes)
  }
}
