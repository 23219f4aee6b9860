import { BoundedMap } from './boundedMap.js'
import { JwksKeys } from './jwksCache.js'
import type { ResolvedOptions } from './resolveOptions.js'
import { type RevocationAnswers, createRevocationAnswers } from './revocation.js'
import { type TokenCaches, type VerifierCaches, createTokenCaches } from './verifierCaches.js'

/**
 * How many key sources, rule sets and revocation settings `verifySession` keeps state for. A process
 * talks to a handful of Hanko tenants; past this the least recently used state is dropped (and
 * rebuilt, with a JWKS request, if it comes back), so the memory is bounded whatever callers pass.
 */
const MAX_SHARED = 16

const keysBySource = new BoundedMap<string, JwksKeys>(MAX_SHARED)
const tokenCachesByRules = new BoundedMap<string, TokenCaches>(MAX_SHARED)
/** Rules with a claimsSchema: the schema's identity is part of the rules, and a WeakMap lets it go. */
const tokenCachesBySchema = new WeakMap<object, BoundedMap<string, TokenCaches>>()
const answersByRevocation = new BoundedMap<string, RevocationAnswers>(MAX_SHARED)

/**
 * The caches `verifySession` shares between its calls, found by what each depends on and never by the
 * options object: the JWKS keys by key source and algorithms, the token caches by those and the claim
 * rules (with a `claimsSchema`, by the schema's identity too), the revocation answers by the
 * revocation rules.
 */
export function sharedVerifierCaches(config: ResolvedOptions): VerifierCaches {
  const sourceKey = `${'url' in config.keySource ? `url ${config.keySource.url}` : `jwks ${JSON.stringify(config.keySource.document)}`}\n${config.algorithms.join(',')}`
  return {
    keys: reuse(keysBySource, sourceKey, () => new JwksKeys(config.keySource, config.algorithms)),
    tokenCaches: tokenCachesFor(config, sourceKey),
    revocationAnswers: config.revocation && reuse(answersByRevocation, JSON.stringify(config.revocation), () => createRevocationAnswers(config.revocation!)),
  }
}

function tokenCachesFor(config: ResolvedOptions, sourceKey: string): TokenCaches {
  const rulesKey = JSON.stringify([sourceKey, config.audience, config.issuer, config.clockTolerance, config.maxTokenLength, config.tokenCacheSize])
  const schema = config.claimsSchema
  let caches = tokenCachesByRules
  if (schema !== undefined) {
    caches = tokenCachesBySchema.get(schema) ?? new BoundedMap(MAX_SHARED)
    tokenCachesBySchema.set(schema, caches)
  }
  return reuse(caches, rulesKey, () => createTokenCaches(config.tokenCacheSize))
}

function reuse<V>(map: BoundedMap<string, V>, key: string, create: () => V): V {
  let value = map.get(key)
  if (value === undefined) {
    value = create()
    map.set(key, value)
  }
  return value
}
