import { SessionError } from './SessionError.js'
import { type SessionCookieOptions, getSessionTokenFromCookie } from './getSessionTokenFromCookie.js'
import { bearerTokenOf } from './lib/bearerToken.js'
import { credentialHeadersOf, describeInput } from './lib/credentialHeaders.js'
import { DEFAULT_COOKIE_NAME } from './lib/resolveOptions.js'

type HeaderRecord = Readonly<Record<string, string | readonly string[] | undefined>>

/**
 * A Node-style request: Node's `IncomingMessage`, Express's `req`, Fastify's `request`, Koa's `ctx`, or
 * an AWS API Gateway / Lambda event. Header names match in any case. `null` headers mean
 * none (API Gateway sends that for a request without headers).
 *
 * @example
 * ```ts
 * export const handler = async (event: NodeRequestLike) => (await verifier.verify(event)).userId
 * ```
 */
export interface NodeRequestLike {
  readonly headers: HeaderRecord | Headers | null | undefined
  /** Node's raw header list: read so that a repeated `Authorization` header is not folded away. */
  readonly rawHeaders?: readonly string[]
  /** Node's per-name header lists (Node 18.3+), read when `rawHeaders` is absent. */
  readonly headersDistinct?: Readonly<Record<string, readonly string[] | undefined>>
  /** API Gateway's (REST API, payload 1.0) per-name header lists. */
  readonly multiValueHeaders?: Readonly<Record<string, readonly string[] | undefined>> | null
}

/**
 * A request whose session token {@link getSessionToken} (and `verify()`) can read.
 *
 * @example
 * ```ts
 * const requireToken = (request: SessionRequest): string => getSessionToken(request) ?? 'anonymous'
 * ```
 */
export type SessionRequest = Request | Headers | NodeRequestLike

/** Options of {@link getSessionToken}. */
export type GetSessionTokenOptions = SessionCookieOptions

/**
 * Finds the session token of a request the way Hanko does: an `Authorization: Bearer` header (scheme
 * in any case), else the `hanko` cookie. Returns `undefined` when there is neither. Other schemes
 * (`Basic …`) are not ours and are ignored.
 *
 * Throws a `SessionError`: `ERR_AMBIGUOUS_TOKEN` when the request carries two different tokens (two
 * Bearer headers, a header and the cookie, two cookies: a request must not be able to choose which one
 * is checked), `ERR_TOKEN_MALFORMED` for a broken Bearer credential. Throws a `TypeError` for an
 * argument that is not a request, which is a bug in the calling code; in particular a string: read a
 * `Cookie` header with `getSessionTokenFromCookie(header)`, and pass a token string straight to
 * `verifier.verify(token)`.
 *
 * @example
 * ```ts
 * import { getSessionToken } from '@hanko-session/core'
 *
 * const token = getSessionToken(request) // a fetch Request, Headers, or a Node/Express req
 * if (token === undefined) return new Response('Sign in first', { status: 401 })
 * ```
 */
export function getSessionToken(request: SessionRequest, options: GetSessionTokenOptions = {}): string | undefined {
  if (typeof request === 'string') {
    throw new TypeError(
      'getSessionToken() takes a request, not a string: read a Cookie header with getSessionTokenFromCookie(header), ' +
        'and pass a token string straight to verifier.verify(token).',
    )
  }
  const headers = typeof request === 'object' && request !== null ? credentialHeadersOf(request) : undefined
  if (headers === undefined) {
    throw new TypeError(
      `getSessionToken() takes a fetch Request, Headers or a Node request ({ headers }), got ${describeInput(request)}.`,
    )
  }
  const fromHeader = bearerTokenOf(headers.authorization)
  let fromCookie: string | undefined
  for (const cookieHeader of headers.cookie) {
    const token = getSessionTokenFromCookie(cookieHeader, options)
    if (token === undefined) continue
    if (fromCookie !== undefined && fromCookie !== token) {
      throw new SessionError('ERR_AMBIGUOUS_TOKEN', 'The request carries more than one session cookie with different values.')
    }
    fromCookie = token
  }
  if (fromHeader !== undefined && fromCookie !== undefined && fromHeader !== fromCookie) {
    throw new SessionError(
      'ERR_AMBIGUOUS_TOKEN',
      `The request carries one token in the Authorization header and a different one in the "${options.cookieName ?? DEFAULT_COOKIE_NAME}" cookie.`,
    )
  }
  return fromHeader ?? fromCookie
}
