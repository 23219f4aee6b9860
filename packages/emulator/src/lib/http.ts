const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

/**
 * The text of every JSON response {@link json} built. A `Response` body cannot change once built, so a
 * server adapter may write this text instead of reading the body stream back, which costs more than
 * building the response did (the CLI's node:http adapter does; see {@link jsonText}).
 */
const JSON_TEXT = new WeakMap<Response, string>()

/** A JSON response, typed the way Hanko's echo server types them. */
export function json(status: number, body: unknown, headers?: HeadersInit): Response {
  const merged = new Headers(headers)
  merged.set('Content-Type', 'application/json')
  const text = JSON.stringify(body)
  const response = new Response(text, { status, headers: merged })
  JSON_TEXT.set(response, text)
  return response
}

/** The body of a response built by {@link json} while nobody has read it yet; otherwise `undefined`. */
export function jsonText(response: Response): string | undefined {
  return response.bodyUsed ? undefined : JSON_TEXT.get(response)
}

/** Hanko's plain error body outside the Flow API (echo's HTTPError): `{"code":401,"message":"Unauthorized"}`. */
export function echoError(status: number, message: string = statusText(status), headers?: HeadersInit): Response {
  return json(status, { code: status, message }, headers)
}

export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error')
}

export type BodyResult =
  | { readonly kind: 'empty' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'unreadable' }

const UTF8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Reads a request body with a byte ceiling enforced while streaming, so neither a large upload nor a
 * lying `Content-Length` can make the emulator buffer more than `maxBytes`.
 */
export async function readBody(request: Request, maxBytes: number): Promise<BodyResult> {
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
  if (length === 0) return { kind: 'empty' }
  const bytes = new Uint8Array(length)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  try {
    return { kind: 'text', text: UTF8.decode(bytes) }
  } catch {
    return { kind: 'unreadable' }
  }
}

/** Parses JSON, returning `undefined` instead of throwing. (`null` is a valid JSON document.) */
export function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown }
  } catch {
    return undefined
  }
}

/** Echo binds a body as JSON when the media type starts with `application/json`. */
export function isJsonRequest(request: Request): boolean {
  return (request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** Hanko's cookie attributes, serialised in the order Go's `http.Cookie` writes them. */
export interface CookieSettings {
  readonly name: string
  readonly secure: boolean
  readonly sameSite: 'strict' | 'lax' | 'none'
  readonly domain: string | undefined
}

export function setCookieHeader(settings: CookieSettings, value: string, maxAgeSeconds: number | undefined): string {
  const parts = [`${settings.name}=${value}`, 'Path=/']
  if (settings.domain !== undefined) parts.push(`Domain=${settings.domain}`)
  if (maxAgeSeconds !== undefined) parts.push(`Max-Age=${maxAgeSeconds}`)
  parts.push('HttpOnly')
  if (settings.secure) parts.push('Secure')
  parts.push(`SameSite=${settings.sameSite[0]!.toUpperCase()}${settings.sameSite.slice(1)}`)
  return parts.join('; ')
}

/** The cookie Hanko sends on logout, account deletion and idle expiry. */
export function deletionCookieHeader(settings: CookieSettings): string {
  return setCookieHeader(settings, '', 0)
}

/** A promise that resolves after `milliseconds`, or early when `signal` aborts. Reads `setTimeout` at call time, so fake timers apply. */
export function sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const timer = setTimeout(done, milliseconds)
    signal?.addEventListener('abort', done, { once: true })
    function done(): void {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
  })
}
