/**
 * Options of {@link HankoEmulator.loginWithPasscode}.
 *
 * @example
 * ```ts
 * await hanko.loginWithPasscode('alice@example.com', { register: false, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' })
 * ```
 */
export interface LoginWithPasscodeOptions {
  /**
   * What to do when no user has the address. `true` (default) runs Hanko's registration flow instead,
   * as a new user does with "Create account" in `<hanko-auth>`: the user is created when the passcode
   * is verified. `false` refuses with `ERR_INVALID_ARGUMENT`, for tests that must not create users.
   */
  register?: boolean
  /** The `User-Agent` the flow requests send; the session list of `<hanko-profile>` shows it. Default is `'hanko-emulator'`. */
  userAgent?: string
}

/**
 * What {@link HankoEmulator.loginWithPasscode} returns: the session token exactly as the flow's
 * `success` answer delivered it (the `X-Auth-Token` header, or the `hanko` cookie in cookie mode),
 * and what the answer's `payload.claims` say about it.
 *
 * @example
 * ```ts
 * const { token, userId, sessionId, expiresAt, flow } = await hanko.loginWithPasscode('alice@example.com')
 * await fetch('http://localhost:3000/api/me', { headers: { authorization: `Bearer ${token}` } })
 * ```
 */
export interface PasscodeLogin {
  /** The signed RS256 JWT, for `Authorization: Bearer …` or a `hanko` cookie. */
  readonly token: string
  readonly userId: string
  readonly sessionId: string
  /** When the session and its token expire (whole seconds, as the token's `exp`). */
  readonly expiresAt: Date
  /** `'login'` for a known address, `'registration'` when the user was created by this call. */
  readonly flow: 'login' | 'registration'
}
