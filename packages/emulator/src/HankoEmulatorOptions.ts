import type { Duration } from './Duration.js'
import type { EmulatorSnapshot } from './EmulatorSnapshot.js'
import type { EmulatorUser } from './EmulatorRecords.js'

/**
 * How the session token reaches the browser after `success`, like Hanko's
 * `session.enable_auth_token_header`. The emulator uses one or the other, never both (a script cannot
 * overwrite an HttpOnly cookie of the same name, so both would break the SDK's own cookie).
 *
 * - `'header'` (default): `X-Auth-Token: <JWT>`, exposed through CORS. The SDK keeps the token in a
 *   JS-readable `hanko` cookie and sends `Authorization: Bearer` from then on.
 * - `'cookie'`: `Set-Cookie: hanko=<JWT>; HttpOnly; Secure; SameSite=Strict`, Hanko's backend default.
 */
export type TokenDelivery = 'header' | 'cookie'

/** Passed to `onPasscode` each time the emulator "sends" a passcode email. */
export interface PasscodeEvent {
  /** The address the email goes to. */
  email: string
  /**
   * The code, or `undefined` when Hanko would send a mail without one: a login attempt for an unknown
   * address, or a registration for a taken one (Hanko's privacy default hides account existence).
   */
  code: string | undefined
  /** The flow that sent it. */
  flow: 'login' | 'registration' | 'profile'
  /** Hanko's mail template: `login`, `email_verification`, `email_login_attempted` or `email_registration_attempted`. */
  template: string
  /** When the code stops working, in milliseconds since the epoch (emulator clock). */
  expiresAt: number
}

/**
 * Custom claims for each session token, like Hanko's `session.jwt_template.claims`. Called with the
 * user; the returned object is merged into the payload first, so Hanko's own claims (`sub`, `iat`,
 * `exp`, `aud`, `iss`, `session_id`, `email`, `username`, `amr`) win over keys of the same name.
 */
export type ClaimsTemplate = (user: EmulatorUser) => Record<string, unknown>

/** Which browser origins may call the emulator with credentials (CORS). */
export type AllowedOrigins = readonly string[] | ((origin: string) => boolean)

/**
 * Options of {@link createHankoEmulator}. Every option has a default that matches a stock Hanko backend
 * configured for email passcodes.
 *
 * @example
 * ```ts
 * createHankoEmulator({
 *   tokenDelivery: 'cookie',
 *   sessionLifetime: '1h',
 *   idleTimeout: '15m',
 *   claims: (user) => ({ role: user.email?.endsWith('@example.com') ? 'staff' : 'customer' }),
 *   onPasscode: ({ email, code }) => console.info(`${email}: ${code}`),
 * })
 * ```
 */
export interface HankoEmulatorOptions {
  /** See {@link TokenDelivery}. Default is `'header'`. */
  tokenDelivery?: TokenDelivery
  /**
   * Session (and token) lifetime, Hanko's `session.lifespan`: a {@link Duration} (`'12h'`, or a number of
   * seconds), whole seconds. Default is `'12h'` (43200 seconds).
   */
  sessionLifetime?: Duration
  /**
   * Idle timeout, Hanko's `session.idle_timeout`: a session unused for longer is deleted on its next
   * check. A {@link Duration} (`'30m'`, or a number of seconds), whole seconds. Default is 0 (off).
   */
  idleTimeout?: Duration
  /** Active sessions per user; the oldest beyond it are deleted at login. Default is 5. */
  sessionLimit?: number
  /** `aud` of every token. Default is `['localhost']` (Hanko's WebAuthn relying party id). */
  audience?: string | readonly string[]
  /** `iss` of every token. Default is none (Hanko sets it only when `session.issuer` is configured). */
  issuer?: string
  /** Custom claims; see {@link ClaimsTemplate}. Default is none. */
  claims?: ClaimsTemplate
  /** The session cookie's name (cookie mode, and where tokens are looked for). Default is `'hanko'`. */
  cookieName?: string
  /** Cookie attributes in cookie mode. Defaults are Hanko's: `secure: true`, `sameSite: 'strict'`, no domain. */
  cookie?: { secure?: boolean; sameSite?: 'strict' | 'lax' | 'none'; domain?: string }
  /** `'persistent'` (default) or `'session'` (no `Max-Age`; `X-Session-Retention: session`). */
  retention?: 'persistent' | 'session'
  /**
   * Offer the skippable `onboarding_create_passkey` state after a passcode when the browser reports
   * WebAuthn. The emulator cannot create passkeys, so only `skip` is offered. Default is `false`.
   */
  passkeyOnboarding?: boolean
  /**
   * Tell users that an address is unknown (login) or taken (registration), Hanko's
   * `privacy.show_account_existence_hints`. Default is `false`: the flow goes on and a mail without a
   * code is "sent", as on a stock Hanko.
   */
  accountExistenceHints?: boolean
  /**
   * Let users delete their account in the profile flow (`<hanko-profile>`'s "Delete account"), Hanko's
   * `account.allow_deletion`: with `false` the `account_delete` action is neither offered nor run.
   * Default is `true`, so the profile shows everything it can do; a stock Hanko's default is `false`.
   */
  accountDeletion?: boolean
  /** Passcode lifetime, Hanko's `email.passcode_ttl`: a {@link Duration}, whole seconds. Default is `'5m'` (300 seconds). */
  passcodeTtl?: Duration
  /** Passcode mails per minute per client and address before `rate_limit_exceeded`. Default is 3; 0 turns the limit off. */
  passcodeRateLimit?: number
  /** Browser origins allowed by CORS. Default: any `http(s)` origin on `localhost`, `*.localhost`, `127.0.0.1` or `[::1]`, any port. */
  allowedOrigins?: AllowedOrigins
  /** RSA modulus length of the signing keys. Default is 2048 (Hanko uses 4096; 2048 starts ten times faster). */
  modulusLength?: 2048 | 3072 | 4096
  /**
   * A path prefix to serve under, as a multi-tenant Hanko serves each tenant under `/<tenant-id>`:
   * with `'/2a7f…'` the API is at `/2a7f…/login`, `/2a7f…/.well-known/jwks.json`, the dev routes at
   * `/2a7f…/__emulator`, and every other path is a 404. Point `apiUrl` at `http://host:port/2a7f…`.
   * Segments may use letters, digits and `-._~`; a trailing slash is dropped. Default is `''` (the root).
   */
  basePath?: string
  /** Serve the `/__emulator/…` dev-control routes. Default is `true`. */
  devRoutes?: boolean
  /** State to start from (users, sessions, keys), as returned by `emulator.snapshot()`. */
  snapshot?: EmulatorSnapshot
  /**
   * The time source the emulator clock runs on, in milliseconds since the epoch; `clock.advance()` and
   * `clock.set()` shift it. Default is `Date.now()`, called at each use (so fake timers work).
   */
  now?: () => number
  /** Called for every passcode mail, e.g. to print codes in a terminal. */
  onPasscode?: (event: PasscodeEvent) => void
  /** Called after anything a snapshot holds has changed (users, sessions, keys), e.g. to persist it. */
  onChange?: () => void
}
