import type { HankoSession } from './HankoSession.js'
import { SessionError } from './SessionError.js'
import type { SessionVerifierOptions } from './SessionVerifierOptions.js'
import { type TokenCaches, type VerifyInput, buildSessionVerifier, createTokenCaches } from './createSessionVerifier.js'
import { BoundedMap } from './lib/boundedMap.js'
import { JwksKeys } from './lib/jwksCache.js'
import { type ResolvedOptions, resolveOptions } from './lib/resolveOptions.js'
import { type SessionAnswers, createSessionAnswers } from './lib/sessionCheck.js'

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
const answersByRevocation = new BoundedMap<string, SessionAnswers>(MAX_SHARED)

/**
 * Verifies a Hanko session token, or the token of a request (whatever `verify()` takes: a fetch
 * `Request`, `Headers`, a Node or Express request), in one call, with `options` as they are at
 * this call: they are checked every time (invalid options reject with `ERR_INVALID_OPTIONS`), and a
 * changed or mutated options object takes effect at once.
 *
 * What is worth keeping between calls is kept, by what it depends on, never by the options object:
 * the JWKS keys per JWKS URL (or static key set) and `algorithms`, so inline `fetch` or `now`
 * functions still share one key cache; verified tokens per key source, algorithms and claim rules
 * (`audience`, `issuer`, `clockTolerance`, `claimsSchema`), so a token accepted for one audience is
 * never served from the cache to another; Hanko's answers per revocation settings. A `fetch` function
 * must therefore serve the same keys for the same URL. Hooks see only what their own calls caused.
 * Prefer {@link createSessionVerifier} when you can hold the verifier yourself.
 *
 * @example
 * ```ts
 * import { verifySession } from '@hanko-session/core'
 *
 * const session = await verifySession(request, { apiUrl: process.env.HANKO_API_URL!, audience: 'example.com' })
 * ```
 */
export function verifySession<TCustom extends object = object>(
  input: VerifyInput,
  options: SessionVerifierOptions<TCustom>,
): Promise<HankoSession<TCustom>> {
  let config: ResolvedOptions
  try {
    config = resolveOptions(options)
  } catch (error) {
    return Promise.reject(
      error instanceof SessionError
        ? error
        : new SessionError('ERR_INVALID_OPTIONS', 'Invalid session verifier options: reading them failed.', { cause: error }),
    )
  }
  const sourceKey = `${'url' in config.keySource ? `url ${config.keySource.url}` : `jwks ${JSON.stringify(config.keySource.document)}`}\n${config.algorithms.join(',')}`
  const verifier = buildSessionVerifier<TCustom>(config, {
    keys: reuse(keysBySource, sourceKey, () => new JwksKeys(config.keySource, config.algorithms)),
    tokenCaches: tokenCachesFor(config, sourceKey),
    sessionAnswers: config.revocation && reuse(answersByRevocation, JSON.stringify(config.revocation), () => createSessionAnswers(config.revocation!)),
  })
  return verifier.verify<TCustom>(input)
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
