import type { HankoClaims } from '@hanko-session/core'
import { rfc3339 } from './clock.js'
import type { Directory } from './directory.js'
import { BoundedMap } from './boundedMap.js'
import { type EmulatorRequest, isJsonRequest } from './emulatorRequest.js'
import { type EmulatorResponse, type HeaderList, echoError, emptyResponse, json, jsonText } from './emulatorResponse.js'
import { claimsObject, legacyUser, profileData } from './hankoJson.js'
import { deletionCookieHeader, isPlainObject, parseJson } from './http.js'
import type { KeyRing } from './keyRing.js'
import { LIMITS } from './limits.js'
import type { ResolvedConfig } from './resolveConfig.js'
import type { Authenticated, SessionAuthority, Unauthenticated } from './sessionAuthority.js'

export interface RestContext {
  readonly config: ResolvedConfig
  readonly sessions: SessionAuthority
  readonly directory: Directory
  readonly keys: KeyRing
}

/**
 * Hanko's REST endpoints besides the Flow API. Errors use echo's plain body
 * (`{"code":401,"message":"Unauthorized"}`); `/sessions/validate` always answers 200.
 */
export class RestRoutes {
  /**
   * The answer to a valid token up to its closing brace, by token string:
   * `{"is_valid":true,"claims":{…},"expiration_time":…,"user_id":…`. It depends on the claims alone,
   * which the verified token determines, so a session that validates again and again is serialised
   * once (in the benchmark that is about a fifth of the CPU time of a validation). Keyed by the token
   * itself, not by the claims object core hands back: which object that is, is core's own business.
   */
  private readonly answers = new BoundedMap<string, string>(LIMITS.maxAnsweredTokens)

  constructor(private readonly context: RestContext) {}

  /** `GET /sessions/validate`: reads the session of the request without counting it as use. */
  async validateSession(request: EmulatorRequest): Promise<EmulatorResponse> {
    return this.validationResponse(await this.context.sessions.authenticateRequest(request, false))
  }

  /** `POST /sessions/validate` with `{"session_token": "…"}`: for app backends; slides the idle timeout. */
  async validateSessionFromBody(request: EmulatorRequest): Promise<EmulatorResponse> {
    const body = await request.readBody(LIMITS.maxBodyBytes)
    if (body.kind === 'too-large') return echoError(413)
    if (body.kind === 'unreadable') return echoError(400, 'The request body could not be read.')
    let token: unknown
    if (body.kind === 'text') {
      if (!isJsonRequest(request)) return echoError(415)
      const parsed = parseJson(body.text)
      if (parsed === undefined) return echoError(400, 'Syntax error: the body is not valid JSON.')
      if (parsed.value !== null && !isPlainObject(parsed.value)) return echoError(400, 'Unmarshal type error: expected a JSON object.')
      token = parsed.value?.['session_token']
      if (token !== undefined && token !== null && typeof token !== 'string') {
        return echoError(400, 'Unmarshal type error: "session_token" must be a string.')
      }
    }
    if (typeof token !== 'string' || token === '') return echoError(400, '"session_token" is required.')
    if (token.length > LIMITS.maxTokenChars) return this.validationResponse({ ok: false, idleExpired: false })
    return this.validationResponse(await this.context.sessions.authenticateToken(token, true))
  }

  /** `GET /me`: the current user's profile. */
  async me(request: EmulatorRequest): Promise<EmulatorResponse> {
    const auth = await this.context.sessions.authenticateRequest(request, true)
    if (!auth.ok) return this.unauthorized(auth)
    return json(200, profileData(auth.user))
  }

  /** `GET /users/{id}` (removed in Hanko v3; kept for the deprecated `hanko.getUser()`): only your own user. */
  async user(request: EmulatorRequest, id: string): Promise<EmulatorResponse> {
    const auth = await this.context.sessions.authenticateRequest(request, true)
    if (!auth.ok) return this.unauthorized(auth)
    if (id !== auth.user.id) return echoError(403)
    return json(200, legacyUser(auth.user))
  }

  /** `POST /logout`: deletes the session of the request and the cookie. */
  async logout(request: EmulatorRequest): Promise<EmulatorResponse> {
    const auth = await this.context.sessions.authenticateRequest(request, true)
    if (!auth.ok) return this.unauthorized(auth)
    this.context.directory.deleteSession(auth.session.id)
    return emptyResponse(204, [['set-cookie', deletionCookieHeader(this.context.config.cookie)]])
  }

  /** `GET /.well-known/jwks.json`: every unretired public key, cacheable for 10 minutes. */
  jwks(): EmulatorResponse {
    return json(200, this.context.keys.jwks(), [['cache-control', 'max-age=600']])
  }

  private validationResponse(auth: Authenticated | Unauthenticated): EmulatorResponse {
    if (!auth.ok) return json(200, { is_valid: false }, this.deletionHeaders(auth))
    let body = this.answers.get(auth.token)
    if (body === undefined) {
      body = validBody(auth.claims)
      this.answers.set(auth.token, body)
    }
    const idleExpiresAt = this.context.sessions.idleExpiresAt(auth.session)
    return jsonText(200, idleExpiresAt === undefined ? `${body}}` : `${body},"idle_expires_at":${JSON.stringify(rfc3339(idleExpiresAt))}}`)
  }

  private unauthorized(auth: Unauthenticated): EmulatorResponse {
    return echoError(401, 'Unauthorized', this.deletionHeaders(auth))
  }

  /** After an idle expiry Hanko also deletes the cookie. */
  private deletionHeaders(auth: Unauthenticated): HeaderList {
    return auth.idleExpired ? [['set-cookie', deletionCookieHeader(this.context.config.cookie)]] : []
  }
}

/** The answer to a valid token up to its closing brace: `{"is_valid":true,"claims":{…},"expiration_time":…,"user_id":…`. */
function validBody(payload: HankoClaims): string {
  const claims = claimsObject(payload)
  const text = JSON.stringify({ is_valid: true, claims, expiration_time: claims['expiration'], user_id: claims['subject'] })
  return text.slice(0, -1)
}
