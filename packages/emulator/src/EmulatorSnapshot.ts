/**
 * Everything that survives a restart: signing keys (so issued tokens stay valid), users and sessions.
 * Flows and passcodes are short-lived and not kept. Plain JSON; treat it as opaque, and as a secret
 * (it holds private keys).
 *
 * @example
 * ```ts
 * const saved = await emulator.snapshot()
 * const again = createHankoEmulator({ snapshot: saved })
 * ```
 */
export interface EmulatorSnapshot {
  readonly version: 1
  readonly keys: readonly SnapshotKey[]
  readonly users: readonly SnapshotUser[]
  readonly sessions: readonly SnapshotSession[]
}

/** A signing key in a snapshot: the private JWK (RS256) and when it was made. */
export interface SnapshotKey {
  readonly kid: string
  readonly createdAt: number
  readonly privateJwk: Readonly<Record<string, unknown>>
}

/** A user in a snapshot; times in milliseconds since the epoch. */
export interface SnapshotUser {
  readonly id: string
  readonly createdAt: number
  readonly updatedAt: number
  readonly emails: readonly { readonly id: string; readonly address: string; readonly isPrimary: boolean; readonly createdAt: number }[]
  readonly unsafeMetadata?: Readonly<Record<string, unknown>>
}

/** A session row in a snapshot; times in milliseconds since the epoch. */
export interface SnapshotSession {
  readonly id: string
  readonly userId: string
  readonly createdAt: number
  readonly expiresAt: number
  readonly lastUsed: number
  readonly userAgent?: string
  readonly ipAddress?: string
}
