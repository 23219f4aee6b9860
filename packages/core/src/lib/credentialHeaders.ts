/** Every `Authorization` and `Cookie` value a request carries, in every form the request shows them. */
export interface CredentialHeaders {
  readonly authorization: string[]
  readonly cookie: string[]
}

interface HeadersLike {
  get(name: string): string | null
  has(name: string): boolean
}

/**
 * The credential headers of a fetch `Request`, `Headers`, or a Node-style request; `undefined` when
 * `input` is none of them. A request whose `headers` is `null` or `undefined` (an API Gateway event
 * without headers) has none.
 *
 * Node folds a repeated `Authorization` header into its first value, so a Node request is also read
 * through `rawHeaders` (its own, or that of Fastify's `request.raw` and Koa's `ctx.req`; else
 * `headersDistinct`), and an API Gateway event through `multiValueHeaders`:
 * every copy counts, so two different tokens cannot hide behind the first. Names in plain records
 * match in any case (`Authorization`, `authorization`), each spelling counting as another copy.
 */
export function credentialHeadersOf(input: object): CredentialHeaders | undefined {
  const found: CredentialHeaders = { authorization: [], cookie: [] }
  if (isHeadersLike(input)) return fromHeaders(input, found)
  if (!('headers' in input)) return undefined
  const request = input as {
    headers: unknown
    rawHeaders?: unknown
    headersDistinct?: unknown
    multiValueHeaders?: unknown
    raw?: unknown
    req?: unknown
  }
  const { headers } = request
  if (isHeadersLike(headers)) return fromHeaders(headers, found)
  if (headers !== null && headers !== undefined) {
    if (typeof headers !== 'object') return undefined
    fromRecord(headers as Record<string, unknown>, found)
  }
  // Fastify's `request` and Koa's `ctx` hold Node's request as `raw` / `req`, with the raw header list.
  const rawHeaders = rawHeadersOf(request) ?? rawHeadersOf(request.raw) ?? rawHeadersOf(request.req)
  if (rawHeaders !== undefined) {
    for (let index = 0; index + 1 < rawHeaders.length; index += 2) add(found, rawHeaders[index], rawHeaders[index + 1])
  } else if (isRecord(request.headersDistinct)) {
    fromRecord(request.headersDistinct, found)
  }
  if (isRecord(request.multiValueHeaders)) fromRecord(request.multiValueHeaders, found)
  return found
}

function rawHeadersOf(value: unknown): unknown[] | undefined {
  const rawHeaders = isRecord(value) ? value['rawHeaders'] : undefined
  return Array.isArray(rawHeaders) ? rawHeaders : undefined
}

/** `Headers` from another realm (edge-runtime's VM, a polyfill) fail `instanceof` but work the same. */
function isHeadersLike(value: unknown): value is HeadersLike {
  return typeof (value as HeadersLike | null)?.get === 'function' && typeof (value as HeadersLike).has === 'function'
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

/** `Headers.get` already joins repeated headers (with ", "), so one value per name holds every copy. */
function fromHeaders(headers: HeadersLike, found: CredentialHeaders): CredentialHeaders {
  const authorization = headers.get('authorization')
  const cookie = headers.get('cookie')
  if (authorization !== null) found.authorization.push(authorization)
  if (cookie !== null) found.cookie.push(cookie)
  return found
}

function fromRecord(record: Record<string, unknown>, found: CredentialHeaders): void {
  for (const name of Object.keys(record)) add(found, name, record[name])
}

function add(found: CredentialHeaders, name: unknown, value: unknown): void {
  if (typeof name !== 'string') return
  // Length first: most header names are neither, and lower-casing each one would allocate.
  let target: string[]
  if (name.length === 13 && name.toLowerCase() === 'authorization') target = found.authorization
  else if (name.length === 6 && name.toLowerCase() === 'cookie') target = found.cookie
  else return
  if (typeof value === 'string') target.push(value)
  else if (Array.isArray(value)) for (const item of value) if (typeof item === 'string') target.push(item)
}

/** How an input that is not a request looks, for an error message (never its content). */
export function describeInput(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value !== 'object') return `a ${typeof value}`
  if (!('headers' in value)) {
    // Hono's c.req wraps the fetch Request as `raw`: the likeliest object without headers.
    return 'raw' in value ? 'an object without "headers" (with Hono, pass c.req.raw)' : 'an object without "headers"'
  }
  try {
    return `an object whose "headers" is a ${typeof value.headers}`
  } catch {
    return 'an object whose "headers" cannot be read'
  }
}
