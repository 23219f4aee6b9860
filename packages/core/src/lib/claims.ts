import type { HankoClaims, HankoSession } from '../HankoSession.js'
import { SessionError } from '../SessionError.js'
import { describeValue } from './redact.js'
import type { JsonValue } from './strictJson.js'

export interface ClaimRules {
  /** Any-of audiences, or `null` when the check is deliberately off. */
  readonly audience: readonly string[] | null
  readonly issuer: string | undefined
  readonly clockTolerance: number
}

/** The claims of a token whose signature is valid and whose claims passed {@link checkClaims}. */
export interface CheckedClaims {
  readonly claims: HankoClaims
  readonly audience: readonly string[]
  readonly notBefore: number | undefined
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Checks a signature-verified payload against Hanko's claim shape and the verifier's rules: `sub` and
 * `session_id` are UUIDs, `exp` and `iat` are required NumericDates, `nbf` is honoured, an `iat` in the
 * future is refused, `aud` must contain one of the expected audiences, `iss` must match exactly when an
 * issuer is configured, and `email`/`username` must have Hanko's types. The returned claims are frozen.
 */
export function checkClaims(payload: { [claim: string]: JsonValue }, rules: ClaimRules, nowSeconds: number): CheckedClaims {
  const sub = payload['sub']
  if (typeof sub !== 'string' || !UUID.test(sub)) throw claimInvalid('sub', 'must be the user id (a UUID)')
  const sessionId = payload['session_id']
  if (typeof sessionId !== 'string' || !UUID.test(sessionId)) {
    throw claimInvalid('session_id', 'must be a Hanko session id (a UUID); is this a Hanko session token?')
  }
  const exp = numericDate(payload, 'exp', true)
  const iat = numericDate(payload, 'iat', true)
  const nbf = numericDate(payload, 'nbf', false)
  checkTimes(exp, nbf, nowSeconds, rules.clockTolerance)
  // Written so that a NaN on either side fails: every comparison states what must hold.
  if (!(iat <= nowSeconds + rules.clockTolerance)) {
    throw new SessionError('ERR_TOKEN_NOT_YET_VALID', 'The session token was issued in the future (check the clocks).', {
      claim: 'iat',
    })
  }

  const aud = payload['aud']
  const audience = aud === undefined && rules.audience === null ? [] : audienceOf(aud)
  if (rules.audience !== null && !audience.some((value) => rules.audience!.includes(value))) {
    throw claimInvalid('aud', `${describeValue(aud)} does not contain an expected audience (expected ${anyOf(rules.audience)})`)
  }
  const iss = payload['iss']
  if (iss !== undefined && typeof iss !== 'string') throw claimInvalid('iss', 'must be a string')
  if (rules.issuer !== undefined && iss !== rules.issuer) {
    const found = iss === undefined ? 'is missing' : `${describeValue(iss)} is not the expected issuer`
    throw claimInvalid('iss', `${found} (expected ${describeValue(rules.issuer)})`)
  }
  const email = payload['email']
  if (email !== undefined && !isEmailClaim(email)) {
    throw claimInvalid('email', 'must be an object { address: string, is_primary: boolean, is_verified: boolean }')
  }
  const username = payload['username']
  if (username !== undefined && typeof username !== 'string') throw claimInvalid('username', 'must be a string')

  // The strict parser froze the payload (and everything in it) as it built it.
  return { claims: payload as unknown as HankoClaims, audience: Object.freeze(audience), notBefore: nbf }
}

/**
 * The time checks, alone: also run on every use of a cached token. Each comparison states what must
 * hold, so a NaN anywhere (a broken clock, a bad tolerance) fails instead of passing.
 */
export function checkTimes(exp: number, nbf: number | undefined, nowSeconds: number, clockTolerance: number): void {
  if (!(exp > nowSeconds - clockTolerance)) {
    throw new SessionError('ERR_TOKEN_EXPIRED', 'The session token has expired.', { claim: 'exp' })
  }
  if (nbf !== undefined && !(nbf <= nowSeconds + clockTolerance)) {
    throw new SessionError('ERR_TOKEN_NOT_YET_VALID', 'The session token is not valid yet.', { claim: 'nbf' })
  }
}

/** The public, frozen view of checked claims. Dates are new objects for every caller. */
export function toHankoSession<TCustom extends object>(checked: CheckedClaims): HankoSession<TCustom> {
  const { claims } = checked
  const session: {
    -readonly [K in keyof HankoSession<TCustom>]: HankoSession<TCustom>[K]
  } = {
    userId: claims.sub,
    sessionId: claims.session_id,
    expiresAt: new Date(claims.exp * 1000),
    issuedAt: new Date(claims.iat * 1000),
    audience: checked.audience,
    claims: claims as HankoClaims & TCustom,
  }
  if (claims.iss !== undefined) session.issuer = claims.iss
  if (claims.email !== undefined) {
    session.email = Object.freeze({
      address: claims.email.address,
      isPrimary: claims.email.is_primary,
      isVerified: claims.email.is_verified,
    })
  }
  if (claims.username !== undefined) session.username = claims.username
  return Object.freeze(session)
}

function numericDate(payload: { [claim: string]: JsonValue }, claim: 'exp' | 'iat' | 'nbf', required: true): number
function numericDate(payload: { [claim: string]: JsonValue }, claim: 'exp' | 'iat' | 'nbf', required: false): number | undefined
function numericDate(payload: { [claim: string]: JsonValue }, claim: 'exp' | 'iat' | 'nbf', required: boolean): number | undefined {
  const value = payload[claim]
  if (value === undefined && !required) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw claimInvalid(claim, value === undefined ? 'is required' : 'must be a NumericDate (seconds since the epoch)')
  }
  return value
}

function audienceOf(aud: JsonValue | undefined): string[] {
  if (typeof aud === 'string') return [aud]
  if (Array.isArray(aud) && aud.length > 0 && aud.every((value) => typeof value === 'string')) return aud
  throw claimInvalid('aud', aud === undefined ? 'is required' : 'must be a string or a non-empty array of strings')
}

function isEmailClaim(value: JsonValue): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  return (
    typeof value['address'] === 'string' &&
    typeof value['is_primary'] === 'boolean' &&
    typeof value['is_verified'] === 'boolean'
  )
}

function anyOf(values: readonly string[]): string {
  const shown = values.slice(0, 4).map(describeValue)
  if (values.length > 4) shown.push('…')
  return shown.length === 1 ? shown[0]! : `one of ${shown.join(', ')}`
}

function claimInvalid(claim: string, detail: string): SessionError {
  return new SessionError('ERR_CLAIM_INVALID', `The "${claim}" claim ${detail}.`, { claim })
}
