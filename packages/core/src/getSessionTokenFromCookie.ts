import { SessionError } from './SessionError.js'
import { DEFAULT_COOKIE_NAME } from './lib/resolveOptions.js'

/** Options of {@link getSessionTokenFromCookie} and `getSessionToken`. */
export interface SessionCookieOptions {
  /** The cookie that carries the token. Default is `'hanko'`. */
  cookieName?: string
}

/**
 * Reads the session token from the value of a `Cookie` request header (`theme=dark; hanko=eyJ…`).
 * Returns `undefined` when the header is absent or has no non-empty session cookie. A quoted value is
 * unquoted. Throws a `SessionError` `ERR_AMBIGUOUS_TOKEN` when the header carries the cookie twice with
 * different values: a request must not be able to choose which one is checked.
 *
 * Use it where you hold only the header (a framework's `cookies()` helper, a WebSocket upgrade). With a
 * whole request, prefer `getSessionToken(request)` or `verifier.verify(request)`: they also read the
 * `Authorization` header and refuse a request whose header and cookie disagree.
 *
 * @example
 * ```ts
 * import { getSessionTokenFromCookie } from '@hanko-session/core'
 *
 * getSessionTokenFromCookie('theme=dark; hanko=eyJhbGciOi…') // 'eyJhbGciOi…'
 * getSessionTokenFromCookie(req.headers.cookie, { cookieName: '__Host-session' })
 * ```
 */
export function getSessionTokenFromCookie(cookieHeader: string | null | undefined, options: SessionCookieOptions = {}): string | undefined {
  if (cookieHeader === null || cookieHeader === undefined) return undefined
  if (typeof cookieHeader !== 'string') {
    throw new TypeError(`getSessionTokenFromCookie() takes the Cookie header as a string, got a ${typeof cookieHeader}.`)
  }
  const cookieName = options.cookieName ?? DEFAULT_COOKIE_NAME
  let token: string | undefined
  for (const pair of cookieHeader.split(';')) {
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
  return token
}
