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
/**
 * Keys past their TTL are still served, without waiting, for up to this long while a background
 * refresh runs or keeps failing (stale-while-revalidate and stale-if-error); after it, callers wait
 * for a fetch and fail closed if it fails.
 */
const MAX_STALE_MS = 60 * 60_000
/** After a failed fetch, no background refresh is tried for this long. */
const ERROR_BACKOFF_MS = 5_000
const FETCH_TIMEOUT_MS = 3_000
const MAX_JWKS_BYTES = 64 * 1024
/**
 * The unknown-kid refetch rule. While unknown kids keep coming, one refetch per 5 s at most: a key
 * rotated during or right after a flood of invented kids is found within 5 s of its first use, and the
 * flood costs at most 6 requests per 30 s. After 30 s without such a refetch only a 1 s gap applies,
 * so a key Hanko signs with right after start-up is found at once.
 */
const UNKNOWN_KID_GAP_MS = 5_000
const QUIET_GAP_MS = 1_000
const QUIET_PERIOD_MS = 30_000
/**
 * Whatever the traffic (invented kids, a key set that changes on every fetch, a failing endpoint), the
 * requests that are not needed to answer at all (unknown-kid refetches and background refreshes) stay
 * within this many per window.
 */
const MAX_OPTIONAL_FETCHES = 6
const FETCH_WINDOW_MS = 30_000

type Hooks = Pick<SessionVerifierOptions, 'onJwksFetch' | 'onJwksError' | 'onStaleKeys' | 'onUnknownKid'>
type KeySource = { readonly url: string } | { readonly document: JsonValue }

export interface JwksCacheOptions extends Hooks {
  /** Where keys come from: a URL, or a static document (no network). */
  readonly source: KeySource
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
 * The keys of one JWKS source under one key policy (the algorithm set decides which keys are usable),
 * with the state of the fetch policy. Several verifiers may share it (see `verifySession`): each
 * reads it through its own {@link JwksCache}, with its own `fetch`, clock and hooks.
 */
export class JwksKeys {
  current: KeySet | undefined
  readonly flight = new SingleFlight<'jwks', KeySet>(
    FETCH_TIMEOUT_MS,
    () => new SessionError('ERR_JWKS_TIMEOUT', `The JWKS endpoint did not answer within ${FETCH_TIMEOUT_MS} ms.`),
  )
  lastFailure: { at: number; error: SessionError } | undefined
  lastUnknownKidRefetchAt = Number.NEGATIVE_INFINITY
  /** Start times of recent fetches, oldest first; at most {@link MAX_OPTIONAL_FETCHES} + a few. */
  readonly recentFetches: number[] = []
  fetchSequence = 0

  constructor(
    readonly source: KeySource,
    readonly algorithms: readonly SessionAlgorithm[],
  ) {
    if ('document' in source) {
      this.current = buildKeySet(undefined, applyKeyPolicy(source.document, algorithms), 0, Number.POSITIVE_INFINITY)
    }
  }

  get lastFetchAt(): number {
    return this.recentFetches.at(-1) ?? Number.NEGATIVE_INFINITY
  }

  noteFetch(at: number): void {
    const fetches = this.recentFetches
    fetches.push(at)
    while (fetches.length > MAX_OPTIONAL_FETCHES * 2 || (fetches.length > 0 && at - fetches[0]! > FETCH_WINDOW_MS)) fetches.shift()
  }

  /** Whether an optional fetch (background refresh, unknown-kid refetch) keeps every closed 30 s window within the budget. */
  withinBudget(now: number): boolean {
    return this.recentFetches.filter((at) => now - at <= FETCH_WINDOW_MS).length < MAX_OPTIONAL_FETCHES
  }

  inErrorBackoff(now: number): boolean {
    return this.lastFailure !== undefined && now - this.lastFailure.at < ERROR_BACKOFF_MS
  }
}

/**
 * The key cache of one verifier, for one JWKS URL (Hanko is multi-tenant: keys are never shared by kid
 * across URLs). jose selects and imports keys; this file is the policy jose's remote set lacks:
 * `Cache-Control` TTLs, refresh-ahead, stale-while-revalidate and stale-if-error, a bounded
 * unknown-kid refetch, and one shared fetch for concurrent callers that also holds on Cloudflare Workers.
 *
 * Hooks are called only for what this verifier's own calls caused (a fetch it started, a miss it saw).
 * Whatever a hook throws or rejects with is dropped: observability never changes a verification.
 */
export class JwksCache {
  private readonly shared: JwksKeys

  constructor(
    private readonly options: JwksCacheOptions,
    /** The keys to read and refresh; shared with other verifiers of the same URL and algorithms, or our own. */
    shared?: JwksKeys,
  ) {
    this.shared = shared ?? new JwksKeys(options.source, options.algorithms)
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
   * The key named `kid` for `algorithm`, synchronously, when the keys may be used without waiting and
   * it was imported before: the hot path. `undefined` means "ask {@link getKey}".
   */
  readyKey(kid: string, algorithm: SessionAlgorithm): { entry: KeyEntry; key: CryptoKey } | undefined {
    const entry = this.keysWithoutWaiting()?.entries.get(kid)
    const key = entry?.importedKey(algorithm)
    return key === undefined ? undefined : { entry: entry!, key }
  }

  /**
   * Whether `entry` is still part of the key set: a cached verification must not outlive its key, also
   * when only cached tokens arrive. Synchronous (`true`/`false`) unless the keys are missing or past
   * the stale limit, which is the hot path.
   */
  holds(entry: KeyEntry): boolean | Promise<boolean> {
    if (this.shared.current === undefined) return false
    const keys = this.keysWithoutWaiting()
    if (keys !== undefined) return keys.entries.get(entry.kid) === entry
    return this.usableKeySet().then((usable) => usable.entries.get(entry.kid) === entry)
  }

  /**
   * The keys if they may be used now, without waiting for the network: fresh, or past their TTL but
   * within the stale limit while a background refresh runs (or keeps failing). Starts that refresh
   * once it is due. `undefined` when there are no keys or they are too old to be used at all.
   */
  private keysWithoutWaiting(): KeySet | undefined {
    const keys = this.shared.current
    if (keys === undefined) return undefined
    const now = this.options.now()
    // Written so that a clock returning NaN fails every comparison into "wait for a fetch".
    if (now < keys.refreshAt) return keys
    if (!(now < keys.expiresAt + MAX_STALE_MS)) return undefined
    this.refreshInBackground(now, now < keys.expiresAt ? 'refresh-ahead' : 'expired')
    if (now >= keys.expiresAt && this.shared.lastFailure !== undefined && 'url' in this.shared.source) {
      this.emit('onStaleKeys', { url: this.shared.source.url, staleFor: now - keys.expiresAt })
    }
    return keys
  }

  private refreshInBackground(now: number, reason: JwksFetchEvent['reason']): void {
    const { shared } = this
    if (shared.flight.has('jwks') || shared.inErrorBackoff(now) || !shared.withinBudget(now)) return
    this.refresh(reason).catch(() => {})
  }

  private async usableKeySet(): Promise<KeySet> {
    if (this.shared.current === undefined) return this.refresh('cold')
    const keys = this.keysWithoutWaiting()
    if (keys !== undefined) return keys
    // Past the stale limit: nothing may be served until a fetch succeeds.
    const { lastFailure } = this.shared
    if (lastFailure !== undefined && this.shared.inErrorBackoff(this.options.now())) throw lastFailure.error
    return this.refresh('expired')
  }

  private async refetchForUnknownKid(keys: KeySet, kid: string): Promise<KeySet> {
    const { shared } = this
    const { source } = shared
    const now = this.options.now()
    const joining = shared.flight.has('jwks')
    const gap = now - shared.lastUnknownKidRefetchAt >= QUIET_PERIOD_MS ? QUIET_GAP_MS : UNKNOWN_KID_GAP_MS
    const refetch = 'url' in source && (joining || (now - shared.lastFetchAt >= gap && shared.withinBudget(now)))
    this.emit('onUnknownKid', { url: 'url' in source ? source.url : undefined, kid: describeKid(kid), refetched: refetch && !joining })
    if (!refetch) return keys
    if (!joining) shared.lastUnknownKidRefetchAt = now
    return this.refresh('unknown-kid')
  }

  private refresh(reason: JwksFetchEvent['reason']): Promise<KeySet> {
    const { shared } = this
    const { source } = shared
    if (!('url' in source)) return Promise.resolve(shared.current!)
    return shared.flight.run('jwks', async () => {
      const startedAt = this.options.now()
      const sequence = ++shared.fetchSequence
      shared.noteFetch(startedAt)
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
        const keys = buildKeySet(shared.current, applyKeyPolicy(body, shared.algorithms), this.options.now(), ttl)
        // An abandoned flight (see SingleFlight) may still land after a newer one: never let it win.
        if (sequence === shared.fetchSequence || shared.current === undefined) shared.current = keys
        shared.lastFailure = undefined
        const finishedAt = this.options.now()
        this.emit('onJwksFetch', { url: source.url, reason, keyCount: keys.entries.size, ttl, durationMs: finishedAt - startedAt })
        return keys
      } catch (cause) {
        const error =
          cause instanceof SessionError
            ? cause
            : new SessionError('ERR_JWKS_UNAVAILABLE', 'The JWKS could not be loaded.', { cause })
        const now = this.options.now()
        shared.lastFailure = { at: now, error }
        const servingStale = shared.current !== undefined && now < shared.current.expiresAt + MAX_STALE_MS
        this.emit('onJwksError', { url: source.url, reason, error, servingStale })
        throw error
      }
    })
  }

  private emit<K extends keyof Hooks>(hook: K, event: Parameters<NonNullable<Hooks[K]>>[0]): void {
    callHook(this.options[hook] as ((event: unknown) => unknown) | undefined, event)
  }
}

/**
 * Calls a user's hook so that nothing it does reaches the verification: a synchronous throw is caught,
 * and a returned promise (an `async` hook) gets a rejection handler, so it can never become an
 * unhandled rejection that ends a Node process.
 */
function callHook(hook: ((event: unknown) => unknown) | undefined, event: unknown): void {
  if (hook === undefined) return
  try {
    const result = hook(event)
    if (result !== null && (typeof result === 'object' || typeof result === 'function') && typeof (result as PromiseLike<unknown>).then === 'function') {
      Promise.resolve(result).catch(() => {})
    }
  } catch {
    // Observability must never change a verification result.
  }
}

function buildKeySet(previous: KeySet | undefined, policy: KeyPolicyResult, fetchedAt: number, ttl: number): KeySet {
  const entries = new Map<string, KeyEntry>()
  for (const [kid, jwk] of policy.accepted) {
    const fingerprint = JSON.stringify([jwk.kty, jwk.n, jwk.e, jwk.crv, jwk.x, jwk.y, jwk.alg, jwk.use, jwk.key_ops])
    const kept = previous?.entries.get(kid)
    // Reusing the entry keeps its imported keys and every cached verification made with it.
    entries.set(kid, kept?.fingerprint === fingerprint ? kept : new KeyEntry(kid, jwk, fingerprint))
  }
  return {
    entries,
    rejected: policy.rejected,
    ambiguous: policy.ambiguous,
    refreshAt: fetchedAt + ttl * REFRESH_AHEAD_RATIO,
    expiresAt: fetchedAt + ttl,
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
