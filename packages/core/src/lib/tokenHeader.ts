import { SessionError } from '../SessionError.js'
import type { SessionAlgorithm } from './algorithms.js'
import { describeKid } from './redact.js'
import type { JsonValue } from './strictJson.js'

/** A token header that passed every rule of {@link checkTokenHeader}. Frozen, so tokens may share it. */
export interface TokenHeader {
  readonly alg: SessionAlgorithm
  readonly kid: string
  readonly [member: string]: JsonValue
}

export interface TokenHeaderRules {
  readonly algorithms: ReadonlySet<string>
}

const MAX_KID_LENGTH = 256
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/
const TYP = /^(?:application\/)?jwt$/i

/**
 * Every rule a token header must meet, in this order: `alg` on the allow-list (before any key is looked
 * up), no `crit`, no `b64`, a printable `kid` of at most 256 characters, `typ` (when present) `JWT`,
 * no `cty` (nested tokens). `jku`, `x5u`, `jwk` and `x5c` are never read: keys come only from the
 * verifier's own JWKS. `parseCompactToken` runs them once per distinct header segment.
 */
export function checkTokenHeader(header: { readonly [member: string]: JsonValue }, rules: TokenHeaderRules): TokenHeader {
  const alg = header['alg']
  if (typeof alg !== 'string' || !rules.algorithms.has(alg)) {
    throw new SessionError(
      'ERR_ALG_NOT_ALLOWED',
      typeof alg === 'string'
        ? `The token's algorithm ${JSON.stringify(alg.slice(0, 16))} is not allowed (allowed: ${[...rules.algorithms].join(', ')}).`
        : 'The token header has no "alg".',
    )
  }
  if (header['crit'] !== undefined) throw malformed('the "crit" header parameter is not supported')
  if (header['b64'] !== undefined) throw malformed('the "b64" header parameter is not supported')
  const kid = header['kid']
  if (kid === undefined) throw new SessionError('ERR_KID_MISSING', 'The token header has no "kid"; Hanko always sets one.')
  if (typeof kid !== 'string' || kid.length > MAX_KID_LENGTH || !PRINTABLE_ASCII.test(kid)) {
    throw malformed(`"kid" must be 1 to ${MAX_KID_LENGTH} printable ASCII characters, got ${describeKid(kid)}`)
  }
  const typ = header['typ']
  if (typ !== undefined && (typeof typ !== 'string' || !TYP.test(typ))) {
    throw new SessionError('ERR_TOKEN_MALFORMED', 'The token is not a JWT ("typ" is not "JWT").')
  }
  if (header['cty'] !== undefined) throw new SessionError('ERR_TOKEN_MALFORMED', 'Nested tokens ("cty") are not accepted.')
  return header as TokenHeader // frozen by the strict parser, so safe to share between tokens
}

function malformed(detail: string): SessionError {
  return new SessionError('ERR_TOKEN_MALFORMED', `The session token is malformed: ${detail}.`)
}
