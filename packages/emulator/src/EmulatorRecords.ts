import type { Duration } from './Duration.js'

/** One email address of an {@link EmulatorUser}. */
export interface EmulatorEmail {
  readonly id: string
  readonly address: string
  readonly isPrimary: boolean
  readonly isVerified: boolean
}

/** A user as the emulator's typed helpers and `GET /__emulator/users` show it. A copy: changing it changes nothing. */
export interface EmulatorUser {
  readonly id: string
  /** The primary address, when the user has one. */
  readonly email: string | undefined
  readonly emails: readonly EmulatorEmail[]
  readonly createdAt: Date
  readonly updatedAt: Date
  /** Hanko's `unsafe_metadata`, as patched by `<hanko-profile>` (`patch_metadata`). */
  readonly unsafeMetadata: Readonly<Record<string, unknown>> | undefined
}

/** A server-side session row: what logout, revocation, expiry and the idle timeout act on. */
export interface EmulatorSession {
  readonly id: string
  readonly userId: string
  readonly createdAt: Date
  /** When the session (and its token) expires. */
  readonly expiresAt: Date
  /** Last use that counts for the idle timeout. */
  readonly lastUsed: Date
  /** When the idle timeout ends it, if an idle timeout is configured (never after `expiresAt`). */
  readonly idleExpiresAt: Date | undefined
  readonly userAgent: string | undefined
  readonly ipAddress: string | undefined
}

/** A signing key. Public keys of every unretired key are listed in the JWKS, newest first. */
export interface EmulatorKey {
  readonly kid: string
  readonly createdAt: Date
  /** `true` for the newest key, the one that signs new tokens. */
  readonly signing: boolean
}

/** What {@link HankoEmulator.mintSessionToken} returns: a real session, as if the user had logged in. */
export interface MintedSession {
  /** The signed RS256 JWT. */
  readonly token: string
  readonly sessionId: string
  readonly userId: string
  readonly expiresAt: Date
}

/** Options of {@link HankoEmulator.mintSessionToken}. */
export interface MintSessionTokenOptions {
  /** Whose session. An unknown address creates the user (verified, primary). Default is `'user@example.com'`. */
  email?: string
  /** Claims added to this token only, over the template's (Hanko's own claims still win). */
  claims?: Record<string, unknown>
  /** Lifetime of this session and token: a {@link Duration} (`'10m'`, or a number of seconds), whole seconds. Default is the emulator's `sessionLifetime`. */
  lifetime?: Duration
  /** `amr` of the token. Default is `['otp']`, as after a passcode login. */
  amr?: readonly string[]
}
