import type { JWK } from 'jose'
import { createLocalJWKSet } from 'jose/jwks/local'
import { SessionError } from '../SessionError.js'
import type { JwksFetchEvent, SessionVerifierOptions } from '../SessionVerifierOptions.js'
import type { SessionAlgorithm } from './algorithms.js'
import { type FetchFunction, fetchJson } from './fetchJson.js'
import { type KeyPolicyResult, applyKeyPolicy } from './jwkPolicy.js'
import { describeKid } from './redact.js'
import { SingleFlight } from './singleFlight.js'
import type { JsonValue } from './strictJson.js'

/** How long keys are used when the JWKS response says nothing (Hanko says `max-age=600`). */
const DEFAULT_TTL_MS = 10 * 60_000
/** `Cache-Control: max-age` is clamped to this range: never a fetch per request, never a day-old key set. */
const MIN_TTL_MS = 60_000
const MAX_TTL_MS = 60 * 60_000
/** Keys are refreshed in the background once this share of their TTL has passed. */
const REFRESH_AHEAD_RATIO = 0.8
/** While the endpoint fails, the last good keys are served for up to this long past their TTL. */
const MAX_STALE_MS = 60 * 60_000
/** After a failed fetch, stale keys are served without retrying for this long. */
const ERROR_BACKOFF_MS = 5_000
const FETCH_TIMEOUT_MS = 3_000
const MAX_JWKS_BYTES = 64 * 1024
/**
 * The unknown-kid cooldown. After a quiet period only a minimal gap separates fetches, so a freshly
 * rotated key is picked up at once; each refetch that finds no new key lengthens the wait
 * (4.5 s, 9 s, 18 s, then 30 s), so a flood of invented kids costs a few requests a minute, and a key
 * rotated right after a short probe is still found within 5 s.
 */
const MIN_REFETCH_GAP_MS = 1_000
const FIRST_COOLDOWN_MS = 4_500
const MAX_COOLDOWN_MS = 30_000
const QUIET_PERIOD_MS = 30_000

type Hooks = Pick<SessionVerifierOptions, 'onJwksFetch' | 'onJwksError' | 'onStaleKeys' | 'onUnknownKid'>

export interface JwksCacheOptions extends Hooks {
  /** Where keys come from: a URL, or a static document (no network). */
  readonly source: { readonly url: string } | { readonly document: JsonValue }
  readonly algorithms: readonly SessionAlgorithm[]
  readonly fetch: FetchFunction
  readonly now: () => number
}

/** One key of the current JWKS. Kept across refreshes while its material is unchanged. */
export class KeyEntry {
  private readonly imported = new Map<SessionAlgorithm, Promise<CryptoKey>>()
  private readonly ready = new Map<SessionAlgorithm, CryptoKey>()

  constructor(
    readonly kid: string,
    /** The public JWK, as the key policy accepted it. */
    readonly jwk: JWK,
    readonly fingerprint: string,
  ) {}

  /** The CryptoKey for `algorithm`, selected and imported by jose (once per algorithm). */
  cryptoKey(algorithm: SessionAlgorithm): Promise<CryptoKey> {
    let key = this.imported.get(algorithm)
    if (key === undefined) {
      key = createLocalJWKSet({ keys: [this.jwk] })({ alg: algorithm, kid: this.kid }).then(
        (cryptoKey) => {
          this.ready.set(algorithm, cryptoKey)
          return cryptoKey
        },
        (error: unknown) => {
          throw new SessionError('ERR_NO_MATCHING_KEY', `The JWKS key ${describeKid(this.kid)} cannot verify ${algorithm} signatures.`, {
            cause: error,
          })
        },
      )
      this.imported.set(algorithm, key)
    }
    return key
  }

  /** The CryptoKey for `algorithm` if it was imported already. */
  importedKey(algorithm: SessionAlgorithm): CryptoKey | undefined {
    return this.ready.get(algorithm)
  }
}

interface KeySet {
  readonly entries: ReadonlyMap<string, KeyEntry>
  readonly rejected: ReadonlyMap<string, string>
  readonly ambiguous: ReadonlySet<string>
  readonly refreshAt: number
  readonly expiresAt: number
}

/**
 * The key cache of one verifier, for one JWKS URL (Hanko is multi-tenant: keys are never shared by kid
 * across URLs). jose selects and imports keys; this file is the policy jose's remote set lacks:
 * `Cache-Control` TTLs, refresh-ahead, stale-if-error, an adaptive unknown-kid cooldown, and one shared
 * fetch for concurrent callers that also holds on Cloudflare Workers.
 */
export class JwksCache {
  private current: KeySet | undefined
  private readonly flight = new SingleFlight<'jwks', KeySet>(
    FETCH_TIMEOUT_MS,
    () => new SessionError('ERR_JWKS_TIMEOUT', `The JWKS endpoint did not answer within ${FETCH_TIMEOUT_MS} ms.`),
  )
  private lastAttemptAt = Number.NEGATIVE_INFINITY
  private lastFailure: { at: number; error: SessionError } | undefined
  private missStreak = 0
  private lastMissAt = Number.NEGATIVE_INFINITY
  private fetchSequence = 0

  constructor(private readonly options: JwksCacheOptions) {
    if ('document' in options.source) {
      this.current = this.buildKeySet(applyKeyPolicy(options.source.document, options.algorithms), Number.POSITIVE_INFINITY)
    }
  }

  /** The key named `kid`, imported for `algorithm`, fetching or refetching the JWKS as the policy allows. */
  async getKey(kid: string, algorithm: SessionAlgorithm): Promise<{ entry: KeyEntry; key: CryptoKey }> {
    let keys = await this.usableKeySet()
    let entry = keys.entries.get(kid)
    if (entry === undefined) {
      throwIfKnownButUnusable(keys, kid)
      keys = await this.refetchForUnknownKid(keys, kid)
      entry = keys.entries.get(kid)
      if (entry === undefined) {
        throwIfKnownButUnusable(keys, kid)
        throw new SessionError('ERR_NO_MATCHING_KEY', `The JWKS has no key ${describeKid(kid)}.`)
      }
    }
    return { entry, key: await entry.cryptoKey(algorithm) }
  }

  /**
   * The key named `kid` for `algorithm`, synchronously, when no fetch is due and it was imported
   * before: the hot path. `undefined` means "ask {@link getKey}".
   */
  readyKey(kid: string, algorithm: SessionAlgorithm): { entry: KeyEntry; key: CryptoKey } | undefined {
    const keys = this.current
    if (keys === undefined || !this.isFresh(keys)) return undefined
    const entry = keys.entries.get(kid)
    const key = entry?.importedKey(algorithm)
    return key === undefined ? undefined : { entry: entry!, key }
  }

  /**
   * Whether `entry` is still part of the key set, refreshing that set first when its TTL has run out:
   * a cached verification must not outlive its key, also when only cached tokens arrive. Synchronous
   * (`true`/`false`) while the keys are fresh, which is the hot path.
   */
  holds(entry: KeyEntry): boolean | Promise<boolean> {
    const keys = this.current
    if (keys === undefined) return false
    if (this.isFresh(keys)) return keys.entries.get(entry.kid) === entry
    return this.usableKeySet().then((usable) => usable.entries.get(entry.kid) === entry)
  }

  /** `true` while `keys` may be used without waiting; starts the refresh-ahead once it is due. */
  private isFresh(keys: KeySet): boolean {
    const now = this.options.now()
    if (now < keys.refreshAt) return true
    if (now >= keys.expiresAt) return false
    if (!this.inErrorBackoff(now) && !this.flight.has('jwks')) this.refresh('refresh-ahead').catch(() => {})
    return true
  }

  private async usableKeySet(): Promise<KeySet> {
    const keys = this.current
    if (keys === undefined) return this.refresh('cold')
    if (this.isFresh(keys)) return keys
    const now = this.options.now()
    const staleUntil = keys.expiresAt + MAX_STALE_MS
    if (this.inErrorBackoff(now)) {
      if (now < staleUntil) return this.serveStale(keys, now)
      throw this.lastFailure!.error
    }
    try {
      return await this.refresh('expired')
    } catch (error) {
      if (now < staleUntil) return this.serveStale(keys, now)
      throw error
    }
  }

  private async refetchForUnknownKid(keys: KeySet, kid: string): Promise<KeySet> {
    const { source } = this.options
    const now = this.options.now()
    if (now - this.lastMissAt > QUIET_PERIOD_MS) this.missStreak = 0
    this.lastMissAt = now
    const joining = this.flight.has('jwks')
    const cooldown =
      this.missStreak === 0 ? MIN_REFETCH_GAP_MS : Math.min(MAX_COOLDOWN_MS, FIRST_COOLDOWN_MS * 2 ** (this.missStreak - 1))
    const refetch = 'url' in source && (joining || now - this.lastAttemptAt >= cooldown)
    this.emit('onUnknownKid', { url: 'url' in source ? source.url : undefined, kid: describeKid(kid), refetched: refetch && !joining })
    if (!refetch) return keys
    const next = await this.refresh('unknown-kid')
    if (!joining) {
      const foundNewKey = [...next.entries.keys()].some((candidate) => !keys.entries.has(candidate))
      this.missStreak = foundNewKey ? 0 : this.missStreak + 1
    }
    return next
  }

  private refresh(reason: JwksFetchEvent['reason']): Promise<KeySet> {
    const { source } = this.options
    if (!('url' in source)) return Promise.resolve(this.current!)
    return this.flight.run('jwks', async () => {
      const startedAt = this.options.now()
      const sequence = ++this.fetchSequence
      this.lastAttemptAt = startedAt
      try {
        const { body, headers } = await fetchJson(source.url, {
          fetch: this.options.fetch,
          timeoutMs: FETCH_TIMEOUT_MS,
          maxBytes: MAX_JWKS_BYTES,
          init: { headers: { accept: 'application/json' } },
          subject: 'The JWKS endpoint',
          codes: { unavailable: 'ERR_JWKS_UNAVAILABLE', timeout: 'ERR_JWKS_TIMEOUT', invalid: 'ERR_JWKS_INVALID' },
        })
        const ttl = ttlFromCacheControl(headers.get('cache-control'))
        const keys = this.buildKeySet(applyKeyPolicy(body, this.options.algorithms), ttl)
        // An abandoned flight (see SingleFlight) may still land after a newer one: never let it win.
        if (sequence === this.fetchSequence || this.current === undefined) this.current = keys
        this.lastFailure = undefined
        const finishedAt = this.options.now()
        this.emit('onJwksFetch', { url: source.url, reason, keyCount: keys.entries.size, ttl, durationMs: finishedAt - startedAt })
        return keys
      } catch (cause) {
        const error =
          cause instanceof SessionError
            ? cause
            : new SessionError('ERR_JWKS_UNAVAILABLE', 'The JWKS could not be loaded.', { cause })
        const now = this.options.now()
        this.lastFailure = { at: now, error }
        const servingStale = this.current !== undefined && now < this.current.expiresAt + MAX_STALE_MS
        this.emit('onJwksError', { url: source.url, reason, error, servingStale })
        throw error
      }
    })
  }

  private buildKeySet(policy: KeyPolicyResult, ttl: number): KeySet {
    const fetchedAt = this.options.now()
    const entries = new Map<string, KeyEntry>()
    for (const [kid, jwk] of policy.accepted) {
      const fingerprint = JSON.stringify([jwk.kty, jwk.n, jwk.e, jwk.crv, jwk.x, jwk.y, jwk.alg, jwk.use, jwk.key_ops])
      const previous = this.current?.entries.get(kid)
      // Reusing the entry keeps its imported keys and every cached verification made with it.
      entries.set(kid, previous?.fingerprint === fingerprint ? previous : new KeyEntry(kid, jwk, fingerprint))
    }
    return {
      entries,
      rejected: policy.rejected,
      ambiguous: policy.ambiguous,
      refreshAt: fetchedAt + ttl * REFRESH_AHEAD_RATIO,
      expiresAt: fetchedAt + ttl,
    }
  }

  private serveStale(keys: KeySet, now: number): KeySet {
    if ('url' in this.options.source) {
      this.emit('onStaleKeys', { url: this.options.source.url, staleFor: now - keys.expiresAt })
    }
    return keys
  }

  private inErrorBackoff(now: number): boolean {
    return this.lastFailure !== undefined && now - this.lastFailure.at < ERROR_BACKOFF_MS
  }

  private emit<K extends keyof Hooks>(hook: K, event: Parameters<NonNullable<Hooks[K]>>[0]): void {
    try {
      ;(this.options[hook] as ((event: unknown) => void) | undefined)?.(event)
    } catch {
      // Observability must never change a verification result.
    }
  }
}

function throwIfKnownButUnusable(keys: KeySet, kid: string): void {
  if (keys.ambiguous.has(kid)) {
    throw new SessionError('ERR_AMBIGUOUS_KEY', `The JWKS lists the key ${describeKid(kid)} more than once.`)
  }
  const reason = keys.rejected.get(kid)
  if (reason !== undefined) {
    throw new SessionError('ERR_NO_MATCHING_KEY', `The JWKS key ${describeKid(kid)} is refused: ${reason}.`)
  }
}

/** The TTL a JWKS response asks for, clamped to [1 min, 1 h]; 10 minutes when it says nothing usable. */
function ttlFromCacheControl(header: string | null): number {
  if (header === null) return DEFAULT_TTL_MS
  if (/(?:^|,)\s*(?:no-store|no-cache)\s*(?:,|$)/i.test(header)) return MIN_TTL_MS
  const maxAge = /(?:^|,)\s*max-age\s*=\s*"?(\d{1,9})"?\s*(?:,|$)/i.exec(header)
  if (maxAge === null) return DEFAULT_TTL_MS
  return Math.min(MAX_TTL_MS, Math.max(MIN_TTL_MS, Number(maxAge[1]) * 1000))
}
