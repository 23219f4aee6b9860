import type { JsonWebKeySet } from '@hanko-session/core'
import type { Duration } from './Duration.js'
import type { EmulatorKey, EmulatorSession, EmulatorUser, MintSessionTokenOptions, MintedSession } from './EmulatorRecords.js'
import type { EmulatorSnapshot } from './EmulatorSnapshot.js'
import type { Fault, FaultRule } from './Fault.js'
import type { LoginWithPasscodeOptions, PasscodeLogin } from './PasscodeLogin.js'

/** What a server adapter knows about a request that a `Request` cannot carry. */
export interface EmulatorRequestContext {
  /** The client's IP address: shown in the profile's session list and part of the passcode rate-limit key. */
  clientAddress?: string
}

/**
 * A Hanko-compatible API in memory: a web-standard `fetch` handler that serves Hanko's Flow API and
 * REST endpoints (plus the `/__emulator/…` dev controls), and typed helpers that drive the same state.
 * Create it with {@link createHankoEmulator}.
 */
export interface HankoEmulator {
  /**
   * Answers one request as Hanko would. Never rejects: bad input gets Hanko's status and error
   * envelope, and an unexpected failure a 500. A `'drop'` fault resolves `Response.error()`.
   */
  fetch(request: Request, context?: EmulatorRequestContext): Promise<Response>
  /** The path prefix the API is served under (the `basePath` option): `''` at the root, else like `'/tenant-1'`. */
  readonly basePath: string
  /** Resolves once the signing key exists (or the snapshot is restored). `fetch` and the helpers wait for it themselves. */
  ready(): Promise<void>
  /** The public JWKS, exactly as `GET /.well-known/jwks.json` serves it. */
  jwks(): Promise<JsonWebKeySet>
  /**
   * Issues a real session and its token, as a passcode login would, without a flow. Async: await it
   * (the token is signed with WebCrypto). An unknown address creates the user. Rejects with
   * `ERR_INVALID_ARGUMENT` for a bad address, `lifetime`, `claims` or `amr`.
   *
   * @example
   * ```ts
   * const { token, userId, expiresAt } = await hanko.mintSessionToken({ email: 'alice@example.com', lifetime: '10m' })
   * ```
   */
  mintSessionToken(options?: MintSessionTokenOptions): Promise<MintedSession>
  /**
   * Logs `email` in through the real Flow API, as a browser with `<hanko-auth>` does: every request goes
   * through `fetch` (faults included), the passcode comes from the outbox, and the token is taken from
   * the `success` answer (`X-Auth-Token`, or the cookie in cookie mode). An unknown address is
   * registered through the registration flow unless `register` is `false`.
   *
   * Rejects with `ERR_INVALID_ARGUMENT` (bad or, with `register: false`, unknown address),
   * `ERR_LIMIT_REACHED` (Hanko's passcode rate limit: 3 mails a minute per address by default) or
   * `ERR_LOGIN_FAILED` (a fault or anything else that kept the flow from `success`). Run one login
   * per address at a time: the passcode is the address's last one.
   *
   * @example
   * ```ts
   * const { token, userId, expiresAt } = await hanko.loginWithPasscode('alice@example.com')
   * const me = await hanko.fetch(new Request('http://localhost:8000/me', { headers: { authorization: `Bearer ${token}` } }))
   * ```
   */
  loginWithPasscode(email: string, options?: LoginWithPasscodeOptions): Promise<PasscodeLogin>
  /** The last passcode mailed to `email` (case-insensitive), or `undefined` if none was. */
  lastPasscode(email: string): string | undefined
  /** The emulator clock that every expiry reads. */
  readonly clock: {
    /** Milliseconds since the epoch. */
    now(): number
    /**
     * Moves the clock forward by a {@link Duration}: `'5m'`, `'1h30m'`, or a number of **seconds**;
     * returns the new time in milliseconds since the epoch. A bad value throws `ERR_INVALID_ARGUMENT`.
     */
    advance(by: Duration): number
    /** Sets the clock to a time (milliseconds, `Date` or ISO string); returns it. */
    set(to: number | Date | string): number
  }
  /** Injected faults on Hanko routes; see {@link FaultRule}. */
  readonly faults: {
    inject(rule: FaultRule): Fault
    remove(id: string): boolean
    clear(): void
    list(): Fault[]
  }
  /** The signing keys. */
  readonly keys: {
    /**
     * Creates a new signing key. Older keys stay in the JWKS (as in Hanko) unless `retirePrevious`
     * is `true`, which removes them: tokens they signed stop verifying at once.
     */
    rotate(options?: { retirePrevious?: boolean }): Promise<EmulatorKey>
    /** Removes a key from the JWKS. Throws `ERR_UNKNOWN_KEY`, or `ERR_INVALID_ARGUMENT` for the signing key. */
    retire(kid: string): void
    /** Every key, newest (signing) first. */
    list(): EmulatorKey[]
  }
  readonly users: {
    list(): EmulatorUser[]
    /** The user with this id or address. */
    get(idOrEmail: string): EmulatorUser | undefined
    /** Creates a user with one verified, primary address. Throws `ERR_EMAIL_TAKEN` or `ERR_LIMIT_REACHED`. */
    create(email: string): EmulatorUser
    /** Deletes a user with its emails and sessions, like account deletion. `false` if there was none. */
    delete(id: string): boolean
  }
  readonly sessions: {
    /** Active sessions, newest first; optionally only one user's. */
    list(filter?: { userId?: string }): EmulatorSession[]
    /** Deletes a session now, like `<hanko-profile>` revocation. `false` if there was none. */
    revoke(id: string): boolean
    /** Ends a session now, as if its lifetime had run out. `false` if there was none. */
    expire(id: string): boolean
  }
  /**
   * Forgets users, sessions, flows, passcodes and faults, and puts the clock back. Keys are kept (so
   * JWKS caches stay right) unless `keys` is `true`, which replaces them with one new key.
   */
  reset(options?: { keys?: boolean }): Promise<void>
  /** Users, sessions and keys as plain JSON, for `createHankoEmulator({ snapshot })`. Holds private keys. */
  snapshot(): Promise<EmulatorSnapshot>
}
