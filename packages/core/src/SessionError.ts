import { escapeUnsafe } from './lib/redact.js'

/**
 * Every way a session check can fail, as a stable code. Codes are public API: switch on them, log them,
 * map them; they never change meaning within a major version.
 */
export type SessionErrorCode =
  | 'ERR_TOKEN_MISSING'
  | 'ERR_TOKEN_MALFORMED'
  | 'ERR_TOKEN_TOO_LARGE'
  | 'ERR_AMBIGUOUS_TOKEN'
  | 'ERR_ALG_NOT_ALLOWED'
  | 'ERR_KID_MISSING'
  | 'ERR_NO_MATCHING_KEY'
  | 'ERR_AMBIGUOUS_KEY'
  | 'ERR_SIGNATURE_INVALID'
  | 'ERR_TOKEN_EXPIRED'
  | 'ERR_TOKEN_NOT_YET_VALID'
  | 'ERR_CLAIM_INVALID'
  | 'ERR_SESSION_REVOKED'
  | 'ERR_JWKS_UNAVAILABLE'
  | 'ERR_JWKS_TIMEOUT'
  | 'ERR_JWKS_INVALID'
  | 'ERR_REVOCATION_UNAVAILABLE'
  | 'ERR_INVALID_OPTIONS'

/** The HTTP status each code maps to: 401 for the token, 400 for the request, 503 for an outage, 500 for our setup. */
const HTTP_STATUS: Readonly<Record<SessionErrorCode, 400 | 401 | 500 | 503>> = {
  ERR_TOKEN_MISSING: 401,
  ERR_TOKEN_MALFORMED: 401,
  ERR_TOKEN_TOO_LARGE: 401,
  ERR_AMBIGUOUS_TOKEN: 400,
  ERR_ALG_NOT_ALLOWED: 401,
  ERR_KID_MISSING: 401,
  ERR_NO_MATCHING_KEY: 401,
  ERR_AMBIGUOUS_KEY: 401,
  ERR_SIGNATURE_INVALID: 401,
  ERR_TOKEN_EXPIRED: 401,
  ERR_TOKEN_NOT_YET_VALID: 401,
  ERR_CLAIM_INVALID: 401,
  ERR_SESSION_REVOKED: 401,
  ERR_JWKS_UNAVAILABLE: 503,
  ERR_JWKS_TIMEOUT: 503,
  ERR_JWKS_INVALID: 503,
  ERR_REVOCATION_UNAVAILABLE: 503,
  ERR_INVALID_OPTIONS: 500,
}

/** What clients read for errors that are not theirs to see ({@link SessionError.expose} is `false`). */
const UNEXPOSED_MESSAGE = {
  500: 'The server cannot check sessions: its configuration is invalid.',
  503: 'The session cannot be checked right now. Try again later.',
} as const

/** Seconds a client should wait before retrying when Hanko (JWKS or session check) is unreachable. */
const RETRY_AFTER_SECONDS = 5

/** Options for {@link SessionError.toResponse}. */
export interface SessionErrorResponseOptions {
  /** The `realm` in `WWW-Authenticate`. Omitted by default. */
  realm?: string
  /** Extra headers to set on the response (e.g. CORS). */
  headers?: HeadersInit
}

/**
 * The part of a Node `http.ServerResponse` that {@link SessionError.writeTo} uses; Express's `res`,
 * Fastify's `reply.raw` and Koa's `ctx.res` are such responses. Typed structurally so that importing
 * this package never loads `node:http`.
 */
export interface ServerResponseLike {
  statusCode: number
  setHeader(name: string, value: string): unknown
  end(body: string): unknown
}

/**
 * The one error type of `@hanko-session/core`: every rejection of `verify()` / `verifySession()` is a
 * `SessionError` with a stable {@link SessionErrorCode}, the HTTP status it maps to, and the underlying
 * error as `cause`. Messages never contain the token, and text taken from a token (an audience, a kid)
 * is quoted, cut and stripped of control, bidi and invisible characters.
 *
 * It follows the `http-errors` convention (`status`, `statusCode`, `expose`, `headers`), so the default
 * error handlers of Express 5, Koa, Fastify and h3 answer 401/400/503 instead of 500.
 *
 * @example
 * ```ts
 * try {
 *   const session = await verifier.verify(request)
 * } catch (error) {
 *   if (error instanceof SessionError) return error.toResponse()
 *   throw error
 * }
 * ```
 */
export class SessionError extends Error {
  override readonly name = 'SessionError'
  /** Stable, documented error code; safe to switch on. */
  readonly code: SessionErrorCode
  /** 401 (the token), 400 (the request carried two tokens), 503 (Hanko unreachable), 500 (invalid options). */
  readonly httpStatus: 400 | 401 | 500 | 503
  /** The same as {@link httpStatus}, under the name Express 5, Koa and h3 read (`http-errors` convention). */
  readonly status: 400 | 401 | 500 | 503
  /** The same as {@link httpStatus}, under the name Express, Fastify and h3 read (`http-errors` convention). */
  readonly statusCode: 400 | 401 | 500 | 503
  /**
   * `true` for the 4xx codes, whose message is meant for the client; `false` for 500 and 503, whose
   * message describes the server's setup or Hanko's health (Koa sends the message only when `true`).
   */
  readonly expose: boolean
  /** For `ERR_CLAIM_INVALID`: the claim that failed (`aud`, `iss`, `sub`, …). */
  readonly claim?: string

  constructor(code: SessionErrorCode, message: string, options: { cause?: unknown; claim?: string } = {}) {
    // Escaped here as well as where token text is quoted: no message can carry a bidi override or a
    // control character into a log line, a JSON body or a header.
    super(escapeUnsafe(message), options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.httpStatus = HTTP_STATUS[code]
    this.status = this.httpStatus
    this.statusCode = this.httpStatus
    this.expose = this.httpStatus < 500
    if (options.claim !== undefined) this.claim = escapeUnsafe(options.claim)
  }

  /**
   * The response headers this error calls for, without `Content-Type`: `WWW-Authenticate` (RFC 6750)
   * for 401 and 400, `Retry-After` for 503, `Cache-Control: no-store` always. The default error
   * handlers of Express 5, Koa and Fastify send an error's `headers` (`http-errors` convention).
   *
   * @example
   * ```ts
   * res.writeHead(error.status, error.headers)
   * ```
   */
  get headers(): Record<string, string> {
    return errorHeaders(this, undefined)
  }

  /**
   * An HTTP response for this error, following RFC 6750: `401` with `WWW-Authenticate: Bearer
   * error="invalid_token"` (no error attribute when the request carried no token at all), `400`
   * `invalid_request` for two different tokens, and `503` with `Retry-After` when Hanko could not be
   * reached. The JSON body is `{ "error": code, "message": message }`, where a 500 or 503 (whose
   * {@link expose} is `false`) gets a generic message: log `error.message` on the server instead.
   * Responses are never cached.
   *
   * @example
   * ```ts
   * export default { fetch: (request) => verifier.verify(request).then(ok, (e) => e.toResponse()) }
   * ```
   */
  toResponse(options: SessionErrorResponseOptions = {}): Response {
    const headers = this.responseHeaders(options)
    return new Response(this.responseBody(), { status: this.httpStatus, headers })
  }

  /**
   * Writes this error onto a Node `ServerResponse` (Node `http`, Express `res`, Fastify `reply.raw`,
   * Koa `ctx.res`) and ends it: the same status, headers and JSON body as {@link toResponse}. Call it
   * before anything else was written to the response.
   *
   * @example
   * ```ts
   * import { createServer } from 'node:http'
   *
   * createServer(async (req, res) => {
   *   try {
   *     const session = await verifier.verify(req)
   *     res.end(`Hello ${session.userId}`)
   *   } catch (error) {
   *     if (error instanceof SessionError) return error.writeTo(res)
   *     throw error
   *   }
   * })
   * ```
   */
  writeTo(response: ServerResponseLike, options: SessionErrorResponseOptions = {}): void {
    const headers = this.responseHeaders(options)
    response.statusCode = this.httpStatus
    for (const [name, value] of headers) response.setHeader(name, value)
    response.end(this.responseBody())
  }

  private responseHeaders(options: SessionErrorResponseOptions): Headers {
    const headers = new Headers(options.headers)
    headers.set('Content-Type', 'application/json')
    for (const [name, value] of Object.entries(errorHeaders(this, options.realm))) headers.set(name, value)
    return headers
  }

  private responseBody(): string {
    // A 5xx message names URLs, options or Hanko's health: the server's business, not the client's.
    const message = this.expose ? this.message : UNEXPOSED_MESSAGE[this.httpStatus as 500 | 503]
    return JSON.stringify({ error: this.code, message })
  }
}

function errorHeaders(error: SessionError, realm: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store' }
  const challenge = bearerChallenge(error, realm)
  if (challenge !== undefined) headers['WWW-Authenticate'] = challenge
  if (error.httpStatus === 503) headers['Retry-After'] = String(RETRY_AFTER_SECONDS)
  return headers
}

function bearerChallenge(error: SessionError, realm: string | undefined): string | undefined {
  const parameters: string[] = []
  if (realm !== undefined) parameters.push(`realm=${quoted(realm)}`)
  if (error.httpStatus === 401 && error.code !== 'ERR_TOKEN_MISSING') {
    parameters.push('error="invalid_token"', `error_description=${quoted(error.message)}`)
  } else if (error.httpStatus === 400) {
    parameters.push('error="invalid_request"', `error_description=${quoted(error.message)}`)
  } else if (error.httpStatus !== 401) {
    return undefined
  }
  return parameters.length === 0 ? 'Bearer' : `Bearer ${parameters.join(', ')}`
}

/** An RFC 7230 quoted-string; error_description is limited to printable ASCII (RFC 6750 §3). */
function quoted(value: string): string {
  const printable = value.replace(/[^\x20-\x7e]/g, '?')
  return `"${printable.replace(/["\\]/g, '\\$&')}"`
}

/** `true` when `error` is a {@link SessionError}, optionally with the given code. */
export function isSessionError(error: unknown, code?: SessionErrorCode): error is SessionError {
  return error instanceof SessionError && (code === undefined || error.code === code)
}
