import type { JWK } from 'jose'
import { SessionError } from '../SessionError.js'
import { type SessionAlgorithm, keyTypeFor } from './algorithms.js'
import { decodeBase64url, isCanonicalBase64url } from './base64url.js'
import type { JsonValue } from './strictJson.js'

/** The keys of one JWKS document after our policy: what may verify, and why the rest may not. */
export interface KeyPolicyResult {
  /** Usable public keys by kid. */
  readonly accepted: ReadonlyMap<string, JWK>
  /** Keys present but refused, by kid, with the reason (shown in `ERR_NO_MATCHING_KEY`). */
  readonly rejected: ReadonlyMap<string, string>
  /** Kids that appear more than once: tokens naming them fail with `ERR_AMBIGUOUS_KEY`. */
  readonly ambiguous: ReadonlySet<string>
}

export const MAX_JWKS_KEYS = 32
const MIN_RSA_BITS = 2048
const MAX_RSA_BITS = 16384
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const
const KID = /^[\x20-\x7e]{1,256}$/
const CURVE_FOR_ALG_FAMILY: Readonly<Record<string, readonly string[]>> = {
  EC: ['P-256', 'P-384', 'P-521'],
  OKP: ['Ed25519'],
}

/**
 * Applies our key policy to a parsed JWKS document. The structure must be right (an object with a
 * `keys` array of at most 32 objects) or the whole document is `ERR_JWKS_INVALID`. Each key is then
 * accepted only if it is a public key of a type one of `algorithms` can use, marked for signatures
 * (`use` "sig" or absent, `key_ops` containing "verify" if present), and, for RSA, has a modulus of at
 * least 2048 bits and the exponent 65537: this refuses the weak keys jose would import (e = 1, 1024-bit).
 * A kid listed twice fails closed.
 */
export function applyKeyPolicy(document: JsonValue, algorithms: readonly SessionAlgorithm[]): KeyPolicyResult {
  if (document === null || typeof document !== 'object' || Array.isArray(document) || !Array.isArray(document['keys'])) {
    throw invalid('expected a JSON object with a "keys" array')
  }
  const keys = document['keys']
  if (keys.length > MAX_JWKS_KEYS) throw invalid(`it lists ${keys.length} keys; at most ${MAX_JWKS_KEYS} are accepted`)

  const allowedKeyTypes = new Set(algorithms.map((algorithm) => keyTypeFor(algorithm).kty))
  const accepted = new Map<string, JWK>()
  const rejected = new Map<string, string>()
  const seen = new Set<string>()
  const ambiguous = new Set<string>()
  for (const key of keys) {
    if (key === null || typeof key !== 'object' || Array.isArray(key)) throw invalid('every entry of "keys" must be an object')
    const kid = key['kid']
    if (typeof kid !== 'string' || !KID.test(kid)) continue // unselectable: Hanko tokens always name their key
    if (seen.has(kid)) ambiguous.add(kid)
    seen.add(kid)
    const refusal = refusalReason(key, algorithms, allowedKeyTypes)
    if (refusal === undefined) accepted.set(kid, key)
    else rejected.set(kid, refusal)
  }
  for (const kid of ambiguous) {
    accepted.delete(kid)
    rejected.delete(kid)
  }
  return { accepted, rejected, ambiguous }
}

function refusalReason(
  key: { [member: string]: JsonValue },
  algorithms: readonly SessionAlgorithm[],
  allowedKeyTypes: ReadonlySet<string>,
): string | undefined {
  if (PRIVATE_MEMBERS.some((member) => member in key)) return 'it contains private or secret key material'
  const kty = key['kty']
  if (typeof kty !== 'string' || !allowedKeyTypes.has(kty)) {
    return `its key type ${JSON.stringify(typeof kty === 'string' ? kty.slice(0, 16) : kty)} is not usable with algorithms ${algorithms.join(', ')}`
  }
  if (key['use'] !== undefined && key['use'] !== 'sig') return 'its "use" is not "sig"'
  const keyOps = key['key_ops']
  if (keyOps !== undefined && (!Array.isArray(keyOps) || !keyOps.includes('verify'))) return 'its "key_ops" lack "verify"'
  const alg = key['alg']
  if (alg !== undefined && !(algorithms as readonly unknown[]).includes(alg)) return 'its "alg" is not an allowed algorithm'
  if (kty === 'RSA') return rsaRefusal(key)
  const crv = key['crv']
  if (typeof crv !== 'string' || !CURVE_FOR_ALG_FAMILY[kty]!.includes(crv)) return 'its curve is not supported'
  if (typeof key['x'] !== 'string' || (kty === 'EC' && typeof key['y'] !== 'string')) return 'its coordinates are missing'
  return undefined
}

function rsaRefusal(key: { [member: string]: JsonValue }): string | undefined {
  const { n, e } = key
  if (typeof n !== 'string' || !isCanonicalBase64url(n)) return 'its modulus "n" is not base64url'
  if (e !== 'AQAB') return 'its public exponent is not 65537'
  const bits = modulusBits(decodeBase64url(n))
  if (bits < MIN_RSA_BITS) return `its modulus has ${bits} bits; at least ${MIN_RSA_BITS} are required`
  if (bits > MAX_RSA_BITS) return `its modulus has ${bits} bits; at most ${MAX_RSA_BITS} are accepted`
  return undefined
}

function modulusBits(modulus: Uint8Array): number {
  let index = 0
  while (index < modulus.length && modulus[index] === 0) index++
  if (index === modulus.length) return 0
  return (modulus.length - index - 1) * 8 + (32 - Math.clz32(modulus[index]!))
}

function invalid(detail: string): SessionError {
  return new SessionError('ERR_JWKS_INVALID', `The JWKS is invalid: ${detail}.`)
}
