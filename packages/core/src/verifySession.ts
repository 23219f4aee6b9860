import type { HankoSession } from './HankoSession.js'
import { SessionError } from './SessionError.js'
import type { SessionVerifierOptions } from './SessionVerifierOptions.js'
import { type VerifyInput, buildSessionVerifier } from './createSessionVerifier.js'
import { type ResolvedOptions, resolveOptions } from './lib/resolveOptions.js'
import { sharedVerifierCaches } from './lib/sharedVerifierCaches.js'

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
  return buildSessionVerifier<TCustom>(config, sharedVerifierCaches(config)).verify<TCustom>(input)
}
