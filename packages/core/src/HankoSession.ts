/** The `email` claim Hanko sets from the user's primary email address. */
export interface HankoEmailClaim {
  readonly address: string
  readonly is_primary: boolean
  readonly is_verified: boolean
}

/**
 * The claims of a Hanko session JWT as Hanko issues them (`backend/session/session.go`). Custom claims
 * from Hanko's `session.jwt_template` appear beside them; type them with the `TCustom` parameter of
 * `verify<TCustom>()` or a `claimsSchema`.
 */
export interface HankoClaims {
  /** The user id (UUID). */
  readonly sub: string
  /** The server-side session id (UUID); what logout and revocation delete. */
  readonly session_id: string
  /** Issued at, seconds since the epoch. */
  readonly iat: number
  /** Expires at, seconds since the epoch. */
  readonly exp: number
  /** Not before, seconds since the epoch (Hanko does not set it; honoured when present). */
  readonly nbf?: number
  /** The audiences: Hanko's `session.audience`, or the WebAuthn relying party id. */
  readonly aud: readonly string[] | string
  /** Present only when Hanko's `session.issuer` is configured. */
  readonly iss?: string
  readonly email?: HankoEmailClaim
  readonly username?: string
  /** How the user authenticated: `otp` (passcode), `pwd`, `passkey`, `ext:<provider>`, `totp`, `security_key`. */
  readonly amr?: readonly string[]
  readonly [claim: string]: unknown
}

/**
 * A verified Hanko session. Frozen, claims included (`expiresAt` and `issuedAt` are new `Date` objects
 * for every verification, so changing one affects nobody else).
 *
 * @example
 * ```ts
 * const session = await verifier.verify(request)
 * console.log(session.userId, session.email?.address, session.expiresAt.toISOString())
 * ```
 */
export interface HankoSession<TCustom extends object = object> {
  /** The user id (`sub`). */
  readonly userId: string
  /** The Hanko session id (`session_id`). */
  readonly sessionId: string
  readonly expiresAt: Date
  readonly issuedAt: Date
  /** The token's audiences, always as an array. */
  readonly audience: readonly string[]
  readonly issuer?: string
  /** The primary email address, when the user has one. */
  readonly email?: { readonly address: string; readonly isPrimary: boolean; readonly isVerified: boolean }
  readonly username?: string
  /**
   * Every claim of the token as signed, including custom claims; with a `claimsSchema`, the schema's
   * output laid over them (the claims the verifier checked keep their signed values).
   */
  readonly claims: Readonly<HankoClaims & TCustom>
}
