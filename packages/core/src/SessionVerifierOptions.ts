import type { StandardSchemaV1 } from '@standard-schema/spec'
import type { SessionError } from './SessionError.js'
import type { SessionAlgorithm } from './lib/algorithms.js'

export type { SessionAlgorithm }

/** A `fetch`-compatible function; inject one for tests, proxies or instrumentation. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

/** A JSON Web Key Set, as served at `/.well-known/jwks.json`. */
export interface JsonWebKeySet {
  keys: readonly Record<string, unknown>[]
}

/**
 * How a verifier learns that a session ended before its token expired (logout, revocation in
 * `<hanko-profile>`, account deletion, idle timeout). A JWT alone cannot tell.
 *
 * - `'local'` (default): signature and claims only. Fast and offline; a logged-out token stays valid
 *   until `exp` (Hanko's default lifetime is 12 hours).
 * - `'remote'`: after local verification, ask Hanko (`POST /sessions/validate`) on every call.
 * - `'hybrid'`: after local verification, ask Hanko, remembering a "valid" answer per session for up to
 *   30 seconds and a "revoked" answer until the token expires.
 */
export type RevocationMode = 'local' | 'remote' | 'hybrid'

/** Fine-tuning for `'remote'` and `'hybrid'` revocation. */
export interface RevocationOptions {
  mode: 'remote' | 'hybrid'
  /**
   * Whether each check counts as activity for Hanko's idle timeout. `true` (default) uses
   * `POST /sessions/validate`, which slides the session's idle timeout (it updates `last_used`);
   * `false` uses `GET /sessions/validate`, which only reads it.
   */
  touch?: boolean
  /** Milliseconds to wait for Hanko. Default is 2000 (2 seconds), at most 10000. */
  timeout?: number
  /**
   * `'hybrid'` only: milliseconds a "valid" answer is reused for the same session. Default is 30000
   * (30 seconds), which is also the maximum; never past the token's `exp` or Hanko's idle deadline.
   */
  cacheTtl?: number
  /**
   * `'hybrid'` only: what to do when Hanko cannot be asked (timeout, 5xx, network). By default the check
   * fails closed with `ERR_REVOCATION_UNAVAILABLE` (503). With `{ maxStaleness }` a session that Hanko
   * confirmed as valid at most `maxStaleness` milliseconds ago is accepted instead (at most 300000).
   */
  failOpen?: { maxStaleness: number }
}

/** Passed to `onJwksFetch` after every JWKS request that got keys. */
export interface JwksFetchEvent {
  url: string
  /** Why the keys were fetched. */
  reason: 'cold' | 'expired' | 'refresh-ahead' | 'unknown-kid'
  /** Keys accepted by the key policy. */
  keyCount: number
  /** How long the keys will be used before they are fetched again, in milliseconds. */
  ttl: number
  durationMs: number
}

/** Passed to `onJwksError` when fetching the JWKS failed. */
export interface JwksErrorEvent {
  url: string
  reason: JwksFetchEvent['reason']
  error: SessionError
  /** `true` when older keys are still being served (stale-if-error). */
  servingStale: boolean
}

/** Passed to `onStaleKeys` each time keys past their TTL are used because the endpoint fails. */
export interface StaleKeysEvent {
  url: string
  /** Milliseconds since the keys expired (at most 3600000: one hour). */
  staleFor: number
}

/** Passed to `onUnknownKid` when a token names a key the JWKS does not have. */
export interface UnknownKidEvent {
  url: string | undefined
  /** The kid, JSON-quoted and cut to 64 characters: it is attacker-controlled text. */
  kid: string
  /**
   * Whether this miss started a JWKS fetch. `false` when the refetch cooldown held it back, or when it
   * joined a fetch already under way: summing it counts real requests.
   */
  refetched: boolean
}

/**
 * Options of {@link createSessionVerifier} and {@link verifySession}. Exactly one key source is
 * required (`apiUrl`, `jwksUrl` or `jwks`), and so is `audience`.
 */
export interface SessionVerifierOptions<TCustom extends object = object> {
  /**
   * Your Hanko API URL, e.g. `https://<id>.hanko.io` (with `/<tenant-id>` on multi-tenant backends).
   * Keys are fetched from `${apiUrl}/.well-known/jwks.json`; remote revocation calls
   * `${apiUrl}/sessions/validate`. Must be `https://` except for `localhost`, `*.localhost`, `127.0.0.1`
   * and `[::1]`.
   */
  apiUrl?: string
  /** The JWKS URL, when it is not `${apiUrl}/.well-known/jwks.json`. Same scheme rules as `apiUrl`. */
  jwksUrl?: string
  /** Static public keys: no network at all. Takes precedence over `apiUrl` for keys. */
  jwks?: JsonWebKeySet
  /**
   * The audience your tokens must carry (any of them, when an array): Hanko's `session.audience`, or by
   * default your WebAuthn relying party id (e.g. `'example.com'`). Required; pass `null` to skip the check
   * deliberately (only sensible when one Hanko tenant serves one app).
   */
  audience: string | readonly string[] | null
  /** When given, the token's `iss` must equal it exactly. Set Hanko's `session.issuer` to use it. */
  issuer?: string | null
  /** Allowed clock skew in seconds for `exp`, `nbf` and `iat`. Default is 5 seconds; at most 60. */
  clockTolerance?: number
  /** Accepted signature algorithms; asymmetric only. Default is `['RS256']`, what Hanko signs with. */
  algorithms?: readonly SessionAlgorithm[]
  /** Longest token accepted, in characters, checked before anything else. Default is 8192. */
  maxTokenLength?: number
  /** The cookie that carries the token when there is no `Authorization` header. Default is `'hanko'`. */
  cookieName?: string
  /** Revocation awareness; see {@link RevocationMode}. Default is `'local'`. */
  revocation?: RevocationMode | RevocationOptions
  /**
   * Repeated tokens skip the signature: a verified token is remembered (its `exp` and `nbf` are still
   * checked on every use, and it is forgotten when its key leaves the JWKS). Default is
   * `{ maxEntries: 10000 }`; `false` turns it off.
   */
  tokenCache?: { maxEntries: number } | false
  /**
   * A Standard Schema (Zod, Valibot, ArkType, …) that the claims must satisfy. The session carries its
   * output, typed as its output (defaults, coercions and transforms apply), laid over the signed claims.
   * The claims the verifier checked (`sub`, `session_id`, `exp`, `iat`, `nbf`, `aud`, `iss`, `email`,
   * `username`) may be checked but not changed: an output that changes one rejects with
   * `ERR_INVALID_OPTIONS`. Issues, and a schema that throws, reject with `ERR_CLAIM_INVALID`.
   */
  claimsSchema?: StandardSchemaV1<unknown, TCustom>
  /** The `fetch` used for JWKS and session checks. Default is the global `fetch`. */
  fetch?: FetchLike
  /**
   * The clock, in milliseconds since the epoch. Default is `Date.now()`. Checked on every read: a clock
   * that returns anything but a finite number, or throws, rejects every verification with
   * `ERR_INVALID_OPTIONS` (500) instead of letting a time check pass.
   */
  now?: () => number
  /** Called after each successful JWKS fetch. Hooks never affect verification; errors they throw are ignored. */
  onJwksFetch?: (event: JwksFetchEvent) => void
  /** Called when a JWKS fetch fails. */
  onJwksError?: (event: JwksErrorEvent) => void
  /** Called when expired keys are used because the JWKS endpoint keeps failing. */
  onStaleKeys?: (event: StaleKeysEvent) => void
  /** Called when a token names a kid the JWKS does not have. */
  onUnknownKid?: (event: UnknownKidEvent) => void
}
