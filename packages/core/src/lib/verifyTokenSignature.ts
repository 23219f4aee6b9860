import { SessionError } from '../SessionError.js'
import type { CompactToken } from './compactToken.js'
import type { CryptoBackend } from './crypto/backend.js'
import type { JwksCache, KeyEntry } from './jwksCache.js'

/**
 * Looks up the token's key (by `kid` only, in the verifier's own JWKS) and checks the signature.
 * Resolves with the key that verified it; rejects with `ERR_SIGNATURE_INVALID`, or with the key
 * lookup's error (`ERR_NO_MATCHING_KEY`, `ERR_AMBIGUOUS_KEY`, `ERR_JWKS_*`).
 */
export async function verifyTokenSignature(token: CompactToken, keys: JwksCache, crypto: CryptoBackend): Promise<KeyEntry> {
  const { alg, kid } = token.header
  const { entry, key } = await keys.getKey(kid, alg)
  let valid: boolean
  try {
    valid = await crypto.verifySignature(alg, key, token.headerSegment, token.payloadSegment, token.signatureSegment)
  } catch (cause) {
    throw new SessionError('ERR_SIGNATURE_INVALID', 'The session token signature could not be verified.', { cause })
  }
  if (!valid) throw new SessionError('ERR_SIGNATURE_INVALID', 'The session token signature is invalid.')
  return entry
}
