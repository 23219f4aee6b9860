import type { CheckedClaims } from './claims.js'
import { BoundedMap } from './boundedMap.js'
import type { JwksKeys, KeyEntry } from './jwksCache.js'
import type { RevocationAnswers } from './revocation.js'
import type { TokenHeader } from './tokenHeader.js'
import { VerifiedTokenCache } from './verifiedTokenCache.js'

/** A verified token as the verified-token cache keeps it: its checked claims and the key that verified it. */
export interface CachedVerification {
  readonly checked: CheckedClaims
  readonly key: KeyEntry
}

/** The verified-token cache and the known-header cache of one set of verification rules. */
export interface TokenCaches {
  readonly verified: VerifiedTokenCache<CachedVerification> | undefined
  readonly knownHeaders: BoundedMap<string, TokenHeader>
}

/**
 * Caches that a verifier may borrow instead of owning (`verifySession` keeps them across calls). Each
 * must only be shared between configurations for which it gives the same answers: the JWKS keys per
 * key source and algorithms, the token caches per key source, algorithms and claim rules, the
 * revocation answers per revocation rules.
 */
export interface VerifierCaches {
  readonly keys?: JwksKeys | undefined
  readonly tokenCaches?: TokenCaches | undefined
  readonly revocationAnswers?: RevocationAnswers | undefined
}

/** Distinct token headers remembered: a handful of signing keys, times a typ spelling or two. */
const KNOWN_HEADERS = 16

/** Fresh token caches for a verifier whose `tokenCache` option resolved to `tokenCacheSize` entries. */
export function createTokenCaches(tokenCacheSize: number): TokenCaches {
  return {
    verified: tokenCacheSize > 0 ? new VerifiedTokenCache<CachedVerification>(tokenCacheSize) : undefined,
    knownHeaders: new BoundedMap(KNOWN_HEADERS),
  }
}
