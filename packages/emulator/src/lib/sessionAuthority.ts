import { type HankoClaims, type SessionVerifier, createSessionVerifier, getSessionToken, getSessionTokenFromCookie } from '@hanko-session/core'
import type { EmulatorClock } from './clock.js'
import { type Directory, type SessionRow, type UserRow, idleExpiresAt } from './directory.js'
import type { EmulatorRequest } from './emulatorRequest.js'
import { uuid } from './ids.js'
import type { KeyRing } from './keyRing.js'
import type { ResolvedConfig } from './resolveConfig.js'

/** A request or token that carries a live session. */
export interface Authenticated {
  readonly ok: true
  readonly token: string
  readonly claims: HankoClaims
  readonly session: SessionRow
  readonly user: UserRow
}

/** No live session; `idleExpired` asks the caller to send Hanko's deleting cookie. */
export interface Unauthenticated {
  readonly ok: false
  readonly idleExpired: boolean
}

export interface IssueOptions {
  readonly claims?: Record<string, unknown> | undefined
  readonly lifetimeSeconds?: number | undefined
  readonly amr?: readonly string[] | undefined
  readonly userAgent?: string | undefined
  readonly ipAddress?: string | undefined
}

/**
 * Issues session tokens and decides whether a token still stands for a live session. Signature and
 * claims are checked by `@hanko-session/core` (a verifier over the emulator's own JWKS, on the emulator
 * clock, with no clock tolerance: Hanko allows none); this class adds what only the issuer knows — the
 * session row must exist, belong to the token's user, and not be idle-expired.
 */
export class SessionAuthority {
  private verifier: SessionVerifier | undefined

  constructor(
    private readonly config: ResolvedConfig,
    private readonly keys: KeyRing,
    private readonly directory: Directory,
    private readonly clock: EmulatorClock,
  ) {}

  /** Call after every key change: the next check builds a verifier over the new JWKS. */
  keysChanged(): void {
    this.verifier = undefined
  }

  /** Mints a token for `user` and stores its session row (enforcing the per-user session limit). */
  async issue(user: UserRow, options: IssueOptions = {}): Promise<{ token: string; session: SessionRow; payload: Record<string, unknown> }> {
    const { config } = this
    const now = this.clock.now()
    const iat = Math.floor(now / 1000)
    const exp = iat + (options.lifetimeSeconds ?? config.sessionLifetime)
    const sessionId = uuid()
    const primary = user.emails.find((email) => email.isPrimary)
    // Template claims first: Hanko's own claims are set afterwards and win over keys of the same name.
    const payload: Record<string, unknown> = {
      ...(config.claims === undefined ? {} : config.claims(this.directory.userView(user))),
      ...options.claims,
      sub: user.id,
      iat,
      exp,
      aud: [...config.audience],
      session_id: sessionId,
    }
    if (config.issuer !== undefined) payload['iss'] = config.issuer
    if (primary !== undefined) payload['email'] = { address: primary.address, is_primary: true, is_verified: true }
    payload['amr'] = [...(options.amr ?? ['otp'])]
    const token = await this.keys.sign(payload)
    const session = this.directory.createSession(
      user.id,
      { id: sessionId, createdAt: iat * 1000, expiresAt: exp * 1000, userAgent: options.userAgent, ipAddress: options.ipAddress },
      config.sessionLimit,
    )
    return { token, session, payload }
  }

  /**
   * Finds the live session of a request the way Hanko does: the `Authorization: Bearer` token first,
   * then the session cookie; the first one that passes wins. `touch` marks the session as used.
   */
  async authenticateRequest(request: EmulatorRequest, touch: boolean): Promise<Authenticated | Unauthenticated> {
    let idleExpired = false
    for (const token of this.candidates(request)) {
      const result = await this.authenticateToken(token, touch)
      if (result.ok) return result
      idleExpired ||= result.idleExpired
    }
    return { ok: false, idleExpired }
  }

  async authenticateToken(token: string, touch: boolean): Promise<Authenticated | Unauthenticated> {
    let claims: HankoClaims
    try {
      claims = (await this.currentVerifier().verify(token)).claims
    } catch {
      return { ok: false, idleExpired: false }
    }
    const session = this.directory.session(claims.session_id)
    const user = session === undefined ? undefined : this.directory.user(session.userId)
    if (session === undefined || user === undefined || session.userId !== claims.sub) return { ok: false, idleExpired: false }
    const now = this.clock.now()
    if (this.config.idleTimeoutMs > 0 && now - session.lastUsed > this.config.idleTimeoutMs) {
      this.directory.deleteSession(session.id)
      return { ok: false, idleExpired: true }
    }
    if (touch) this.directory.touchSession(session)
    return { ok: true, token, claims, session, user }
  }

  /** When an idle timeout applies: the session's idle deadline, never after the session (and its token) expires. */
  idleExpiresAt(session: SessionRow): number | undefined {
    return idleExpiresAt(session, this.config.idleTimeoutMs)
  }

  private candidates(request: EmulatorRequest): string[] {
    const tokens: string[] = []
    const authorization = request.header('authorization')
    if (authorization !== null) {
      // A Node-style header record: core reads it as it reads `Headers`, without building one.
      const token = tokenOrUndefined(() => getSessionToken({ headers: { authorization } }))
      if (token !== undefined) tokens.push(token)
    }
    const cookie = request.header('cookie')
    if (cookie !== null) {
      const token = tokenOrUndefined(() => getSessionTokenFromCookie(cookie, { cookieName: this.config.cookie.name }))
      if (token !== undefined && !tokens.includes(token)) tokens.push(token)
    }
    return tokens
  }

  private currentVerifier(): SessionVerifier {
    this.verifier ??= createSessionVerifier({
      jwks: this.keys.jwks(),
      audience: this.config.audience,
      issuer: this.config.issuer ?? null,
      now: this.clock.now,
      clockTolerance: 0,
    })
    return this.verifier
  }
}

/** A malformed header or ambiguous cookies mean "no token here", as Hanko's extractors skip them. */
function tokenOrUndefined(read: () => string | undefined): string | undefined {
  try {
    return read()
  } catch {
    return undefined
  }
}
