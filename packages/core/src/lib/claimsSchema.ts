import type { StandardSchemaV1 } from '@standard-schema/spec'
import type { HankoClaims } from '../HankoSession.js'
import { SessionError } from '../SessionError.js'
import type { CheckedClaims } from './claims.js'
import { describeValue } from './redact.js'

/**
 * The claims `checkClaims` verified. A `claimsSchema` may check them, but its output must not
 * change them: the identity and the times a session carries are the ones that were signed and checked.
 */
const VERIFIED_CLAIMS = ['sub', 'session_id', 'exp', 'iat', 'nbf', 'aud', 'iss', 'email', 'username'] as const

/**
 * Runs the verifier's `claimsSchema` on checked claims and returns the claims the session carries: the
 * signed claims with the schema's output laid over them (so defaults, coercions and transforms apply,
 * and claims a schema strips or does not describe keep their signed value). Rejects with
 * `ERR_CLAIM_INVALID` when the schema reports issues or throws, and with `ERR_INVALID_OPTIONS` (a
 * setup error, 500) when its output is not an object or changes one of {@link VERIFIED_CLAIMS}.
 */
export async function applyClaimsSchema(schema: StandardSchemaV1, checked: CheckedClaims): Promise<CheckedClaims> {
  let result: StandardSchemaV1.Result<unknown>
  try {
    result = await schema['~standard'].validate(checked.claims)
  } catch (cause) {
    throw new SessionError('ERR_CLAIM_INVALID', 'The token claims could not be checked: claimsSchema threw.', { cause })
  }
  try {
    return claimsFromResult(result, checked)
  } catch (error) {
    if (error instanceof SessionError) throw error
    throw new SessionError('ERR_INVALID_OPTIONS', 'Invalid session verifier option "claimsSchema": its result could not be read.', { cause: error })
  }
}

function claimsFromResult(result: StandardSchemaV1.Result<unknown>, checked: CheckedClaims): CheckedClaims {
  if (result === null || typeof result !== 'object') throw schemaMisbehaves('its validate() returned no result')
  if (result.issues !== undefined) throw schemaIssue(Array.isArray(result.issues) ? result.issues : [])
  const output = result.value
  if (output === null || typeof output !== 'object' || Array.isArray(output)) throw schemaMisbehaves('its output must be an object of claims')
  const signed = checked.claims as unknown as Record<string, unknown>
  const changed = VERIFIED_CLAIMS.find((claim) => Object.hasOwn(output, claim) && !sameJson((output as Record<string, unknown>)[claim], signed[claim]))
  if (changed !== undefined) {
    throw schemaMisbehaves(`it changed the verified "${changed}" claim; a schema may check ${VERIFIED_CLAIMS.join(', ')} but must not transform them`)
  }
  // Null-prototype like the signed claims: an output key "__proto__" stays a plain claim.
  const claims = Object.assign(Object.create(null) as Record<string, unknown>, signed, output)
  for (const claim of VERIFIED_CLAIMS) if (Object.hasOwn(signed, claim)) claims[claim] = signed[claim]
  return { ...checked, claims: deepFreeze(claims) as HankoClaims }
}

function schemaIssue(issues: readonly StandardSchemaV1.Issue[]): SessionError {
  const issue = issues[0] as StandardSchemaV1.Issue | null | undefined
  // A schema's issues are read defensively: a malformed one must still end as a SessionError.
  const segments: readonly unknown[] = Array.isArray(issue?.path) ? issue.path : []
  const path = segments.map((segment) => String(segment !== null && typeof segment === 'object' ? (segment as { key?: unknown }).key : segment)).join('.')
  // A schema's path and message may quote the token's own text (a record key, a received value).
  const shownPath = path ? describeValue(path) : undefined
  const message = typeof issue?.message === 'string' ? cut(issue.message, 200) : 'invalid'
  return new SessionError(
    'ERR_CLAIM_INVALID',
    `The token claims do not match claimsSchema${shownPath ? ` at ${shownPath}` : ''}: ${message}.`,
    path ? { claim: path.slice(0, 64) } : {},
  )
}

function cut(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}…` : text
}

function schemaMisbehaves(detail: string): SessionError {
  return new SessionError('ERR_INVALID_OPTIONS', `Invalid session verifier option "claimsSchema": ${detail}.`)
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => sameJson(item, b[index]))
  if (Array.isArray(b) || Object.getPrototypeOf(a) !== Object.prototype && Object.getPrototypeOf(a) !== null) return false
  const keysA = Object.keys(a)
  const keysB = Object.keys(b)
  return keysA.length === keysB.length && keysA.every((key) => Object.hasOwn(b, key) && sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
}

/** Freezes plain objects and arrays, deeply; what the strict parser built is frozen already. */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value
  const prototype = Object.getPrototypeOf(value) as unknown
  if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) return value
  Object.freeze(value)
  for (const child of Object.values(value)) deepFreeze(child)
  return value
}
