import { rfc3339 } from './clock.js'
import type { SessionRow, UserRow } from './directory.js'

/**
 * The JSON shapes Hanko's backend produces for users, sessions and claims (its `dto` package), built
 * from the emulator's rows. Keys are in Hanko's struct order; empty optional fields are omitted as Go's
 * `omitempty` omits them.
 */

/** Hanko's ProfileData: `GET /me`, and `payload.user` in `success` and `profile_init`. */
export function profileData(user: UserRow): Record<string, unknown> {
  const data: Record<string, unknown> = {
    id: user.id,
    user_id: user.id,
    mfa_config: { auth_app_set_up: false, totp_enabled: false, security_keys_enabled: false },
  }
  if (user.emails.length > 0) {
    data['emails'] = user.emails.map((email) => ({ id: email.id, address: email.address, is_verified: true, is_primary: email.isPrimary }))
  }
  data['created_at'] = new Date(user.createdAt).toISOString()
  data['updated_at'] = new Date(user.updatedAt).toISOString()
  // The emulator keeps no public metadata; Hanko omits empty parts, and `metadata` when both are empty.
  if (user.unsafeMetadata !== undefined && Object.keys(user.unsafeMetadata).length > 0) data['metadata'] = { unsafe_metadata: user.unsafeMetadata }
  return data
}

/** The v2 `GET /users/{id}` shape used by the deprecated `hanko.getUser()`. */
export function legacyUser(user: UserRow): Record<string, unknown> {
  const { id: _id, ...profile } = profileData(user)
  return {
    id: user.id,
    email: user.emails.find((email) => email.isPrimary)?.address,
    webauthn_credentials: null,
    ...profile,
  }
}

/** One entry of `payload.sessions` in `profile_init`. */
export function sessionData(row: SessionRow, currentSessionId: string | undefined): Record<string, unknown> {
  const data: Record<string, unknown> = { id: row.id }
  if (row.userAgent !== undefined) {
    data['user_agent_raw'] = row.userAgent
    data['user_agent'] = describeUserAgent(row.userAgent)
  }
  if (row.ipAddress !== undefined) data['ip_address'] = row.ipAddress
  data['current'] = row.id === currentSessionId
  data['created_at'] = new Date(row.createdAt).toISOString()
  data['expires_at'] = new Date(row.expiresAt).toISOString()
  data['last_used'] = new Date(row.lastUsed).toISOString()
  return data
}

const RESERVED_CLAIMS = new Set(['sub', 'iat', 'exp', 'aud', 'iss', 'nbf', 'jti', 'email', 'username', 'session_id'])

/**
 * Hanko's "Claims" object (`success.payload.claims`, `/sessions/validate`): friendly names for the
 * standard claims, then every other private claim (`amr`, template claims) flattened in.
 */
export function claimsObject(payload: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const claims: Record<string, unknown> = { subject: payload['sub'] }
  if (typeof payload['iat'] === 'number') claims['issued_at'] = rfc3339(payload['iat'] * 1000)
  claims['expiration'] = rfc3339((payload['exp'] as number) * 1000)
  const aud = payload['aud']
  if (aud !== undefined) claims['audience'] = Array.isArray(aud) ? aud : [aud]
  if (payload['iss'] !== undefined) claims['issuer'] = payload['iss']
  if (payload['email'] !== undefined) claims['email'] = payload['email']
  if (payload['username'] !== undefined) claims['username'] = payload['username']
  claims['session_id'] = payload['session_id']
  for (const [name, value] of Object.entries(payload)) if (!RESERVED_CLAIMS.has(name)) claims[name] = value
  return claims
}

const OPERATING_SYSTEMS: readonly [RegExp, string][] = [
  [/Windows/, 'Windows'],
  [/Android/, 'Android'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
]
const BROWSERS: readonly [RegExp, string][] = [
  [/Edg\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\//, 'Firefox'],
  [/HeadlessChrome\//, 'Headless Chrome'],
  [/Chrome\//, 'Chrome'],
  [/Safari\//, 'Safari'],
]

/** "OS (Browser)", the label `<hanko-profile>` shows per session; a rough reading of the user agent. */
export function describeUserAgent(userAgent: string): string {
  const os = OPERATING_SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? ''
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? userAgent.split('/')[0]?.slice(0, 40) ?? ''
  return `${os} (${browser})`
}
