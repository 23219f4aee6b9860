import { SessionError } from './SessionError.js'
import { DEFAULT_COOKIE_NAME } from './lib/resolveOptions.js'

/** Node's `IncomingMessage`, Express's `req`, or anything else with Node-style header records. */
export interface NodeRequestLike {
  headers: Record<string, string | readonly string[] | undefined> | Headers
}

/** Where {@link getSessionToken} can look: a fetch `Request`, `Headers`, a Node request, or a raw `Cookie` header value. */
export type SessionTokenSource = Request | Headers | NodeRequestLike | string

/** Options of {@link getSessionToken}. */
export interface GetSessionTokenOptions {
  /** The cookie that carries the token. Default is `'hanko'`. */
  cookieName?: string
}

const BEARER = /^bearer(?:[ \t]+(.*))?$/i
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/

/**
 * Finds the session token of a request the way Hanko does: an `Authorization: Bearer` header (scheme
 * case-insensitive), else the `hanko` cookie. Returns `undefined` when there is neither. Throws
 * `ERR_AMBIGUOUS_TOKEN` when the header and the cookie carry different tokens (a request must not be
 * able to choose which one is checked), and `ERR_TOKEN_MALFORMED` for a broken `Bearer` header.
 * Other schemes (`Basic …`) are not ours and are ignored.
 *
 * @example
 * ```ts
 * const token = getSessionToken(request) // Request, Headers, Node req, or a Cookie header string
 * if (token === undefined) return new Response('Sign in first', { status: 401 })
 * ```
 */
export function getSessionToken(source: SessionTokenSource, options: GetSessionTokenOptions = {}): string | undefined {
  const cookieName = options.cookieName ?? DEFAULT_COOKIE_NAME
  if (typeof source === 'string') return tokenFromCookies([source], cookieName)
  const headers = headersOf(source)
  const fromHeader = tokenFromAuthorization(headers.authorization)
  const fromCookie = tokenFromCookies(headers.cookies, cookieName)
  if (fromHeader !== undefined && fromCookie !== undefined && fromHeader !== fromCookie) {
    throw new SessionError(
      'ERR_AMBIGUOUS_TOKEN',
      `The request carries one token in the Authorization header and a different one in the "${cookieName}" cookie.`,
    )
  }
  return fromHeader ?? fromCookie
}

function headersOf(source: Exclude<SessionTokenSource, string>): { authorization: string[]; cookies: string[] } {
  const headers = source instanceof Headers ? source : (source as { headers?: unknown }).headers
  if (headers instanceof Headers || isHeadersLike(headers)) {
    const authorization = headers.get('authorization')
    const cookie = headers.get('cookie')
    return { authorization: authorization === null ? [] : [authorization], cookies: cookie === null ? [] : [cookie] }
  }
  if (headers === null || typeof headers !== 'object') {
    throw new TypeError('getSessionToken expects a Request, Headers, a Node request ({ headers }) or a Cookie header string.')
  }
  const record = headers as Record<string, unknown>
  return { authorization: values(record['authorization']), cookies: values(record['cookie']) }
}

/** Headers from another realm (edge-runtime's VM, a polyfill) fail `instanceof` but work the same. */
function isHeadersLike(value: unknown): value is Pick<Headers, 'get'> {
  return typeof (value as Headers | null)?.get === 'function' && typeof (value as Headers).has === 'function'
}

function values(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string')
  return []
}

function tokenFromAuthorization(headerValues: string[]): string | undefined {
  let token: string | undefined
  for (const raw of headerValues) {
    // fetch's Headers joins repeated headers with ", ", which no token contains: so two headers fail here.
    const match = BEARER.exec(raw.trim())
    if (match === null) continue
    const credentials = match[1]?.trim()
    if (credentials === undefined || credentials === '' || !TOKEN68.test(credentials)) {
      throw new SessionError('ERR_TOKEN_MALFORMED', 'The Authorization header has the Bearer scheme but no single token.')
    }
    if (token !== undefined && token !== credentials) {
      throw new SessionError('ERR_AMBIGUOUS_TOKEN', 'The request carries more than one Bearer token.')
    }
    token = credentials
  }
  return token
}

function tokenFromCookies(cookieHeaders: string[], cookieName: string): string | undefined {
  let token: string | undefined
  for (const header of cookieHeaders) {
    for (const pair of header.split(';')) {
      const separator = pair.indexOf('=')
      if (separator === -1 || pair.slice(0, separator).trim() !== cookieName) continue
      let value = pair.slice(separator + 1).trim()
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
      if (value === '') continue
      if (token !== undefined && token !== value) {
        throw new SessionError('ERR_AMBIGUOUS_TOKEN', `The request carries more than one "${cookieName}" cookie with different values.`)
      }
      token = value
    }
  }
  return token
}
