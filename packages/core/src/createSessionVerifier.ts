import { backend as crypto } from '#crypto'
import type { HankoSession } from './HankoSession.js'
import { SessionError } from './SessionError.js'
import type { SessionVerifierOptions } from './SessionVerifierOptions.js'
import { type SessionRequest, getSessionToken } from './getSessionToken.js'
import { type CheckedClaims, type ClaimRules, checkClaims, checkTimes, toHankoSession } from './lib/claims.js'
import { applyClaimsSchema } from './lib/claimsSchema.js'
import { type CompactTokenRules, parseCompactToken } from './lib/compactToken.js'
import { describeInput } from './lib/credentialHeaders.js'
import { JwksCache } from './lib/jwksCache.js'
import { type MaybePromise, andThen } from './lib/maybePromise.js'
import { type ResolvedOptions, resolveOptions } from './lib/resolveOptions.js'
import { RevocationCheck } from './lib/revocation.js'
import { type VerifierCaches, createTokenCaches } from './lib/verifierCaches.js'
import { verifyTokenSignature } from './lib/verifyTokenSignature.js'

/**
 * What `verify()` takes: a token string, or a request whose token it reads (a fetch `Request`,
 * `Headers`, or a Node request such as `IncomingMessage`, Express `req`, an API Gateway event).
 * `null` and `undefined` are no token (`ERR_TOKEN_MISSING`).
 *
 * @example
 * ```ts
 * const userIdOf = async (input: VerifyInput) => (await verifier.verify(input)).userId
 * ```
 */
export type VerifyInput = string | SessionRequest | null | undefined

/**
 * Verifies Hanko session tokens with one configuration, one JWKS cache and one verified-token cache.
 * Create it once per Hanko tenant (at module scope) and share it.
 */
export interface SessionVerifier<TDefault extends object = object> {
  /**
   * Verifies a token, or the token of a request (`Authorization: Bearer`, else the session cookie; see
   * `getSessionToken`). A string is always the token itself. Resolves with the frozen
   * {@link HankoSession}; every rejection is a {@link SessionError}: `ERR_TOKEN_MISSING` for a request
   * without a token (also `null`, `undefined`, and a request whose `headers` is `null`), and
   * `ERR_TOKEN_MALFORMED` for an input that is neither a string nor a request (the message says what
   * it got).
   *
   * @example
   * ```ts
   * const session = await verifier.verify(request) // Request, Headers, Node/Express req, or a token
   * ```
   */
  verify<TCustom extends object = TDefault>(input: VerifyInput): Promise<HankoSession<TCustom>>
  /**
   * The same as {@link SessionVerifier.verify}, for requests only.
   *
   * @deprecated `verify()` takes every request type now: use `verifier.verify(request)`. `verifyRequest`
   *   will be removed in the next minor release.
   * @example
   * ```ts
   * const session = await verifier.verify(req) // instead of verifier.verifyRequest(req)
   * ```
   */
  verifyRequest<TCustom extends object = TDefault>(request: SessionRequest): Promise<HankoSession<TCustom>>
}

/**
 * Creates a verifier for Hanko session JWTs. Options are checked here, and anything unsafe or
 * ambiguous throws `ERR_INVALID_OPTIONS` with a message that says how to fix it.
 *
 * Verification is fail-closed and ordered so that bad input costs as little as possible: size, strict
 * grammar and strict JSON, the algorithm allow-list, then the key (JWKS fetched, cached and rotated by
 * policy), the signature, and finally the claims (`exp`, `nbf`, `iat`, `aud`, `iss`, Hanko's shape).
 * With `revocation: 'remote' | 'hybrid'` Hanko is then asked whether the session still exists.
 *
 * @example
 * ```ts
 * import { createSessionVerifier } from '@hanko-session/core'
 *
 * const verifier = createSessionVerifier({ apiUrl: 'https://xyz.hanko.io', audience: 'example.com' })
 * const session = await verifier.verify(request) // HankoSession, or rejects with SessionError
 * ```
 */
export function createSessionVerifier<TCustom extends object = object>(
  options: SessionVerifierOptions<TCustom>,
): SessionVerifier<TCustom> {
  return buildSessionVerifier<TCustom>(resolveOptions(options))
}

/** A verifier over options already checked by `resolveOptions`, with its own caches or borrowed ones. */
export function buildSessionVerifier<TCustom extends object = object>(
  config: ResolvedOptions,
  shared: VerifierCaches = {},
): SessionVerifier<TCustom> {
  const { now, cookieName, claimsSchema } = config
  const keys = new JwksCache({ source: config.keySource, algorithms: config.algorithms, fetch: config.fetch, now, ...config.hooks }, shared.keys)
  const { verified, knownHeaders } = shared.tokenCaches ?? createTokenCaches(config.tokenCacheSize)
  const tokenRules: CompactTokenRules = { maxTokenLength: config.maxTokenLength, algorithms: new Set(config.algorithms), knownHeaders }
  const claimRules: ClaimRules = { audience: config.audience, issuer: config.issuer, clockTolerance: config.clockTolerance }
  const revocationCheck = config.revocation && new RevocationCheck(config.revocation, config.fetch, now, shared.revocationAnswers)

  function verifyToken(token: unknown): Promise<HankoSession<TCustom>> {
    let checked: MaybePromise<CheckedClaims>
    try {
      checked = cachedClaims(token) ?? verifyUncached(token)
    } catch (error) {
      return rejectWith(error)
    }
    if (revocationCheck === undefined) {
      return checked instanceof Promise ? checked.then(toHankoSession<TCustom>) : Promise.resolve(toHankoSession<TCustom>(checked))
    }
    return Promise.resolve(checked).then(async (claims) => {
      await revocationCheck.assertActive(token as string, claims.claims)
      return toHankoSession<TCustom>(claims)
    })
  }

  /** A token verified before, whose key is still in the JWKS, passes on the time checks alone. */
  function cachedClaims(token: unknown): MaybePromise<CheckedClaims> | undefined {
    if (verified === undefined || typeof token !== 'string' || token.length > tokenRules.maxTokenLength) return undefined
    const hit = verified.get(token)
    if (hit === undefined) return undefined
    const stillValid = (holds: boolean): MaybePromise<CheckedClaims> => {
      if (!holds) {
        verified.delete(token)
        return verifyUncached(token)
      }
      try {
        checkTimes(hit.checked.claims.exp, hit.checked.notBefore, now() / 1000, claimRules.clockTolerance)
      } catch (error) {
        verified.delete(token)
        throw error
      }
      return hit.checked
    }
    return andThen(keys.holds(hit.key), stillValid)
  }

  /** The checks that need no key (size, grammar, header, payload), then the key and signature, then the claims. */
  function verifyUncached(token: unknown): MaybePromise<CheckedClaims> {
    const parsed = parseCompactToken(token, tokenRules, crypto)
    return andThen(verifyTokenSignature(parsed, keys, crypto), (key) => {
      const checked = checkClaims(parsed.payload, claimRules, now() / 1000)
      // The cache keeps what the session carries: with a claimsSchema, the schema's output.
      const remember = (carried: CheckedClaims): CheckedClaims => {
        verified?.offer(token as string, { checked: carried, key })
        return carried
      }
      return claimsSchema === undefined ? remember(checked) : applyClaimsSchema(claimsSchema, checked).then(remember)
    })
  }

  function verify(input: VerifyInput): Promise<HankoSession<TCustom>> {
    if (typeof input === 'string') return verifyToken(input)
    let token: string | undefined
    try {
      token = input === null || input === undefined ? undefined : getSessionToken(input, { cookieName })
    } catch (error) {
      return rejectWith(error instanceof SessionError ? error : unreadable(input, error))
    }
    return token === undefined ? rejectWith(missing()) : verifyToken(token)
  }

  return { verify, verifyRequest: verify } as SessionVerifier<TCustom>
}

/** A rejected promise for an error thrown synchronously on the hot path (verify() never throws). */
// eslint-disable-next-line @typescript-eslint/require-await
async function rejectWith(error: unknown): Promise<never> {
  throw error
}

/** Not a token nor a readable request: the caller's bug, refused like a bad token (fail closed). */
function unreadable(input: unknown, cause: unknown): SessionError {
  return new SessionError(
    'ERR_TOKEN_MALFORMED',
    `verify() takes a token string, a fetch Request, Headers or a Node request ({ headers }), got ${describeInput(input)}.`,
    { cause },
  )
}

function missing(): SessionError {
  return new SessionError('ERR_TOKEN_MISSING', 'No session token: send it as "Authorization: Bearer <token>" or in the session cookie.')
}
