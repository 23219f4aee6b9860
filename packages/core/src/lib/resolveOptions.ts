import type { StandardSchemaV1 } from '@standard-schema/spec'
import { SessionError } from '../SessionError.js'
import type { RevocationOptions, SessionVerifierOptions } from '../SessionVerifierOptions.js'
import { DEFAULT_ALGORITHMS, type SessionAlgorithm, isSessionAlgorithm } from './algorithms.js'
import type { FetchFunction } from './fetchJson.js'
import { applyKeyPolicy } from './jwkPolicy.js'
import { describeValue } from './redact.js'
import { type JsonValue, parseStrictJson } from './strictJson.js'

export interface ResolvedRevocation {
  readonly mode: 'remote' | 'hybrid'
  readonly url: string
  readonly touch: boolean
  readonly timeout: number
  /** 0 in `'remote'` mode: every call asks. */
  readonly cacheTtl: number
  readonly failOpenMaxStaleness: number | undefined
}

export interface ResolvedOptions {
  readonly keySource: { readonly url: string } | { readonly document: JsonValue }
  readonly audience: readonly string[] | null
  readonly issuer: string | undefined
  readonly clockTolerance: number
  readonly algorithms: readonly SessionAlgorithm[]
  readonly maxTokenLength: number
  readonly cookieName: string
  readonly revocation: ResolvedRevocation | undefined
  readonly tokenCacheSize: number
  readonly claimsSchema: StandardSchemaV1 | undefined
  readonly fetch: FetchFunction
  readonly now: () => number
  readonly hooks: Pick<SessionVerifierOptions, 'onJwksFetch' | 'onJwksError' | 'onStaleKeys' | 'onUnknownKid'>
}

const DEFAULT_CLOCK_TOLERANCE = 5
const MAX_CLOCK_TOLERANCE = 60
const DEFAULT_MAX_TOKEN_LENGTH = 8192
const MIN_MAX_TOKEN_LENGTH = 256
const MAX_MAX_TOKEN_LENGTH = 65_536
export const DEFAULT_COOKIE_NAME = 'hanko'
const DEFAULT_TOKEN_CACHE_SIZE = 10_000
const DEFAULT_REVOCATION_TIMEOUT = 2_000
const MAX_REVOCATION_TIMEOUT = 10_000
const MAX_REVOCATION_CACHE_TTL = 30_000
const MAX_FAIL_OPEN_STALENESS = 300_000
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])
/** RFC 6761 §6.3: every name under `.localhost` is loopback (browsers and the emulator treat it so). */
const LOCALHOST_SUBDOMAIN = /\.localhost$/
/** A URL that names its scheme: `https://…`, `http://…`. */
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i
/** RFC 6265 cookie-name: an RFC 7230 token. */
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

// Default environment functions are wrappers, not captured references, so test doubles installed
// after import (fake timers, stubbed fetch) are still used.
const defaultFetch: FetchFunction = (input, init) => globalThis.fetch(input, init)
const defaultNow = (): number => Date.now()

/**
 * Checks and completes the options of a verifier. Everything that can be wrong is reported here, at
 * construction, with a message that says how to fix it: a verifier that exists is configured safely.
 */
export function resolveOptions(options: SessionVerifierOptions<object>): ResolvedOptions {
  if (options === null || typeof options !== 'object') fail('options', 'pass an options object with at least apiUrl and audience')
  const { apiUrl, jwksUrl, jwks } = options
  const normalizedApiUrl = apiUrl === undefined ? undefined : normalizeApiUrl(apiUrl)
  if (jwks !== undefined && jwksUrl !== undefined) fail('jwks', 'pass either jwks or jwksUrl, not both')
  let keySource: ResolvedOptions['keySource']
  if (jwks !== undefined) keySource = { document: staticJwks(jwks, options.algorithms ?? DEFAULT_ALGORITHMS) }
  else if (jwksUrl !== undefined) keySource = { url: checkedUrl('jwksUrl', jwksUrl).href }
  else if (normalizedApiUrl !== undefined) keySource = { url: `${normalizedApiUrl}/.well-known/jwks.json` }
  else fail('apiUrl', "set apiUrl to your Hanko API URL (e.g. 'https://<id>.hanko.io'), or jwksUrl, or static jwks")

  return {
    keySource,
    audience: resolveAudience(options.audience),
    issuer: resolveIssuer(options.issuer),
    clockTolerance: duration('clockTolerance', options.clockTolerance, DEFAULT_CLOCK_TOLERANCE, 0, MAX_CLOCK_TOLERANCE, 'seconds'),
    algorithms: resolveAlgorithms(options.algorithms),
    maxTokenLength: integer('maxTokenLength', options.maxTokenLength, DEFAULT_MAX_TOKEN_LENGTH, MIN_MAX_TOKEN_LENGTH, MAX_MAX_TOKEN_LENGTH),
    cookieName: resolveCookieName(options.cookieName),
    revocation: resolveRevocation(options.revocation, normalizedApiUrl),
    tokenCacheSize: resolveTokenCache(options.tokenCache),
    claimsSchema: resolveSchema(options.claimsSchema),
    fetch: fn('fetch', options.fetch) ?? defaultFetch,
    now: checkedClock(fn('now', options.now) ?? defaultNow),
    hooks: {
      onJwksFetch: fn('onJwksFetch', options.onJwksFetch),
      onJwksError: fn('onJwksError', options.onJwksError),
      onStaleKeys: fn('onStaleKeys', options.onStaleKeys),
      onUnknownKid: fn('onUnknownKid', options.onUnknownKid),
    } as ResolvedOptions['hooks'],
  }
}

function fail(option: string, fix: string): never {
  throw new SessionError('ERR_INVALID_OPTIONS', `Invalid session verifier option "${option}": ${fix}.`)
}

function checkedUrl(option: string, value: unknown): URL {
  if (typeof value !== 'string') fail(option, 'must be a URL string')
  // Without a scheme, "xyz.hanko.io" does not parse and "localhost:8000" parses with the scheme
  // "localhost:": both deserve a message about the missing scheme, not about https.
  const trimmed = value.trim()
  if (!HAS_SCHEME.test(trimmed)) {
    if (trimmed === '' || /\s/.test(trimmed)) fail(option, `${describeValue(value)} is not an absolute URL (such as "https://<id>.hanko.io")`)
    fail(option, `${describeValue(value)} has no scheme; write the absolute URL, such as ${describeValue(`https://${trimmed}`)}`)
  }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return fail(option, `${describeValue(value)} is not an absolute URL`)
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || LOCALHOST_SUBDOMAIN.test(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    fail(option, 'must use https:// (plain http is accepted only for localhost, *.localhost, 127.0.0.1 and [::1])')
  }
  if (url.username !== '' || url.password !== '') fail(option, 'must not contain credentials')
  return url
}

function normalizeApiUrl(value: unknown): string {
  const url = checkedUrl('apiUrl', value)
  if (url.search !== '' || url.hash !== '') fail('apiUrl', 'must not have a query or fragment')
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

function staticJwks(jwks: unknown, algorithms: readonly unknown[]): JsonValue {
  let document: JsonValue
  try {
    // A JSON round trip gives plain, null-prototype data that no getter or prototype can change later.
    document = parseStrictJson(JSON.stringify(jwks))
  } catch (cause) {
    throw new SessionError('ERR_INVALID_OPTIONS', 'Invalid session verifier option "jwks": it is not JSON data.', { cause })
  }
  let policy: ReturnType<typeof applyKeyPolicy>
  try {
    policy = applyKeyPolicy(document, algorithms.filter(isSessionAlgorithm))
  } catch (cause) {
    throw new SessionError('ERR_INVALID_OPTIONS', `Invalid session verifier option "jwks": ${(cause as Error).message}`, { cause })
  }
  const [kid, reason] = [...policy.rejected][0] ?? []
  if (kid !== undefined) fail('jwks', `the key ${JSON.stringify(kid)} is refused because ${reason}`)
  const [ambiguous] = policy.ambiguous
  if (ambiguous !== undefined) fail('jwks', `the kid ${JSON.stringify(ambiguous)} appears more than once`)
  if (policy.accepted.size === 0) fail('jwks', 'it has no usable public key with a "kid"')
  return document
}

function resolveAudience(audience: unknown): readonly string[] | null {
  if (audience === null) return null
  if (audience === undefined) {
    fail(
      'audience',
      "it is required: pass the audience Hanko puts in your tokens (Hanko's session.audience, by default your " +
        "WebAuthn relying party id such as 'example.com'), or audience: null to skip the check deliberately",
    )
  }
  const values = typeof audience === 'string' ? [audience] : audience
  if (!Array.isArray(values) || values.length === 0 || !values.every((value) => typeof value === 'string' && value !== '')) {
    fail('audience', 'must be a non-empty string, a non-empty array of them, or null')
  }
  return Object.freeze([...(values as string[])])
}

function resolveIssuer(issuer: unknown): string | undefined {
  if (issuer === undefined || issuer === null) return undefined
  if (typeof issuer !== 'string' || issuer === '') fail('issuer', 'must be a non-empty string')
  return issuer
}

function resolveAlgorithms(algorithms: unknown): readonly SessionAlgorithm[] {
  if (algorithms === undefined) return DEFAULT_ALGORITHMS
  if (!Array.isArray(algorithms) || algorithms.length === 0) fail('algorithms', "must be a non-empty array such as ['RS256']")
  for (const algorithm of algorithms) {
    if (!isSessionAlgorithm(algorithm)) {
      fail(
        'algorithms',
        `${JSON.stringify(algorithm)} is not allowed; only asymmetric algorithms (RS*, PS*, ES*, EdDSA) can verify ` +
          'tokens signed with a public JWKS, and Hanko signs with RS256',
      )
    }
  }
  return Object.freeze([...new Set(algorithms as SessionAlgorithm[])])
}

function resolveCookieName(cookieName: unknown): string {
  if (cookieName === undefined) return DEFAULT_COOKIE_NAME
  if (typeof cookieName !== 'string' || !COOKIE_NAME.test(cookieName)) fail('cookieName', 'must be a valid cookie name')
  return cookieName
}

function resolveRevocation(revocation: unknown, apiUrl: string | undefined): ResolvedRevocation | undefined {
  if (revocation === undefined || revocation === 'local') return undefined
  const settings: Partial<RevocationOptions> =
    typeof revocation === 'string' ? { mode: revocation as RevocationOptions['mode'] } : (revocation as RevocationOptions)
  if (settings === null || typeof settings !== 'object' || (settings.mode !== 'remote' && settings.mode !== 'hybrid')) {
    fail('revocation', "must be 'local', 'remote', 'hybrid' or { mode: 'remote' | 'hybrid', … }")
  }
  if (apiUrl === undefined) fail('revocation', 'remote and hybrid revocation ask Hanko, so apiUrl is required')
  if (settings.touch !== undefined && typeof settings.touch !== 'boolean') fail('revocation.touch', 'must be a boolean')
  const hybrid = settings.mode === 'hybrid'
  if (!hybrid && (settings.cacheTtl !== undefined || settings.failOpen !== undefined)) {
    fail('revocation', "cacheTtl and failOpen apply to mode 'hybrid' only; 'remote' asks Hanko on every call")
  }
  let failOpenMaxStaleness: number | undefined
  if (settings.failOpen !== undefined) {
    if (settings.failOpen === null || typeof settings.failOpen !== 'object') fail('revocation.failOpen', 'must be { maxStaleness }')
    failOpenMaxStaleness = duration('revocation.failOpen.maxStaleness', settings.failOpen.maxStaleness, undefined, 1, MAX_FAIL_OPEN_STALENESS, 'milliseconds')
  }
  return {
    mode: settings.mode,
    url: `${apiUrl}/sessions/validate`,
    touch: settings.touch ?? true,
    timeout: duration('revocation.timeout', settings.timeout, DEFAULT_REVOCATION_TIMEOUT, 1, MAX_REVOCATION_TIMEOUT, 'milliseconds'),
    cacheTtl: hybrid ? duration('revocation.cacheTtl', settings.cacheTtl, MAX_REVOCATION_CACHE_TTL, 0, MAX_REVOCATION_CACHE_TTL, 'milliseconds') : 0,
    failOpenMaxStaleness,
  }
}

function resolveTokenCache(tokenCache: unknown): number {
  if (tokenCache === undefined) return DEFAULT_TOKEN_CACHE_SIZE
  if (tokenCache === false) return 0
  if (tokenCache === null || typeof tokenCache !== 'object') fail('tokenCache', 'must be { maxEntries } or false')
  return integer('tokenCache.maxEntries', (tokenCache as { maxEntries?: unknown }).maxEntries, undefined, 1, 10_000_000)
}

function resolveSchema(schema: unknown): StandardSchemaV1 | undefined {
  if (schema === undefined) return undefined
  const standard = (schema as StandardSchemaV1 | null)?.['~standard']
  if (typeof standard?.validate !== 'function' || standard.version !== 1) {
    fail('claimsSchema', 'must be a Standard Schema v1 (Zod 3.24+, Valibot 1+, ArkType 2+, …)')
  }
  return schema as StandardSchemaV1
}

function duration(option: string, value: unknown, fallback: number | undefined, min: number, max: number, unit: string): number {
  if (value === undefined && fallback !== undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    fail(option, `must be a number of ${unit} from ${min} to ${max}, got ${String(value)}`)
  }
  return value
}

function integer(option: string, value: unknown, fallback: number | undefined, min: number, max: number): number {
  if (value === undefined && fallback !== undefined) return fallback
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    fail(option, `must be a whole number from ${min} to ${max}, got ${String(value)}`)
  }
  return value as number
}

/**
 * The verifier's clock, checked on every read. A clock that returns anything but a finite number (a
 * function passed without calling it, NaN, undefined) or that throws rejects the verification with
 * `ERR_INVALID_OPTIONS`, never lets a time check pass. That code maps to 500 on purpose: the server's
 * setup is broken, and a 401 would blame (and sign out) a user whose token may be fine.
 */
function checkedClock(now: () => number): () => number {
  return () => {
    let value: unknown
    try {
      value = now()
    } catch (cause) {
      throw new SessionError('ERR_INVALID_OPTIONS', 'Invalid session verifier option "now": the clock threw.', { cause })
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      const hint =
        typeof value === 'function' || value instanceof Date ? ' (write now: () => Date.now(), or pass Date.now itself)' : ''
      fail('now', `it must return milliseconds since the epoch as a finite number, but returned ${describeClockValue(value)}${hint}`)
    }
    return value
  }
}

function describeClockValue(value: unknown): string {
  if (typeof value === 'number' || value === undefined || value === null) return String(value)
  if (typeof value === 'string') return `the string ${describeValue(value)}`
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

function fn<T>(option: string, value: T | undefined): T | undefined {
  if (value !== undefined && typeof value !== 'function') fail(option, 'must be a function')
  return value
}
