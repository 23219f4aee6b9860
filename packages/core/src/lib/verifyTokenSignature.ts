import { SessionError } from '../SessionError.js'
import type { CompactJws } from './compactToken.js'
import type { CryptoBackend } from './crypto/backend.js'
import type { JwksCache, KeyEntry } from './jwksCache.js'
import type { MaybePromise } from './maybePromise.js'

/**
 * Looks up the token's key (by `kid` only, in the verifier's own JWKS) and checks the signature.
 * Returns the key that verified it, synchronously when the keys are fresh and the backend is
 * synchronous; fails with `ERR_SIGNATURE_INVALID`, or with the key lookup's error
 * (`ERR_NO_MATCHING_KEY`, `ERR_AMBIGUOUS_KEY`, `ERR_JWKS_*`).
 */
export function verifyTokenSignature(token: CompactJws, keys: JwksCache, crypto: CryptoBackend): MaybePromise<KeyEntry> {
  const { alg, kid } = token.header
  const ready = keys.readyKey(kid, alg)
  if (ready !== undefined) return checkSignature(token, ready.entry, ready.key, crypto)
  return keys.getKey(kid, alg).then(({ entry, key }) => checkSignature(token, entry, key, crypto))
}

function checkSignature(token: CompactJws, entry: KeyEntry, key: CryptoKey, crypto: CryptoBackend): MaybePromise<KeyEntry> {
  let valid: MaybePromise<boolean>
  try {
    valid = crypto.verifySignature(token.header.alg, key, entry.jwk, token.headerSegment, token.payloadSegment, token.signatureSegment)
  } catch (cause) {
    throw unverifiable(cause)
  }
  if (!(valid instanceof Promise)) return accepted(valid, entry)
  return valid.then(
    (verified) => accepted(verified, entry),
    (cause: unknown) => {
      throw unverifiable(cause)
    },
  )
}

function accepted(verified: boolean, entry: KeyEntry): KeyEntry {
  if (!verified) throw new SessionError('ERR_SIGNATURE_INVALID', 'The session token signature is invalid.')
  return entry
}

function unverifiable(cause: unknown): SessionError {
  return new SessionError('ERR_SIGNATURE_INVALID', 'The session token signature could not be verified.', { cause })
}
