import type { HankoSession } from './HankoSession.js'
import type { SessionVerifierOptions } from './SessionVerifierOptions.js'
import { type SessionVerifier, createSessionVerifier } from './createSessionVerifier.js'
import { BoundedMap } from './lib/boundedMap.js'

/** Verifiers kept for {@link verifySession}; more distinct configurations than this in one process is a bug. */
const MAX_VERIFIERS = 32

const byOptionsObject = new WeakMap<object, SessionVerifier>()
const byConfiguration = new BoundedMap<string, SessionVerifier>(MAX_VERIFIERS)
const functionIds = new WeakMap<object, number>()
let nextFunctionId = 0

/**
 * Verifies a Hanko session token (or a request's token) in one call. The verifier behind it (with its
 * JWKS cache and verified-token cache) is created on first use and reused for every later call with
 * the same configuration: the same options object, or options with equal values and the same hook and
 * `fetch` functions. Prefer {@link createSessionVerifier} when you can hold the verifier yourself.
 *
 * @example
 * ```ts
 * import { verifySession } from '@hanko-session/core'
 *
 * const options = { apiUrl: process.env.HANKO_API_URL!, audience: 'example.com' }
 * const session = await verifySession(request, options)
 * ```
 */
export function verifySession<TCustom extends object = object>(
  input: string | Request,
  options: SessionVerifierOptions<TCustom>,
): Promise<HankoSession<TCustom>> {
  let verifier = typeof options === 'object' && options !== null ? byOptionsObject.get(options) : undefined
  if (verifier === undefined) {
    let key: string
    try {
      key = configurationKey(options)
    } catch {
      // Options that cannot be keyed (cyclic values) still get a verifier, just not a shared one.
      return createSessionVerifier(options).verify<TCustom>(input)
    }
    verifier = byConfiguration.get(key)
    if (verifier === undefined) {
      verifier = createSessionVerifier(options)
      byConfiguration.set(key, verifier)
    }
    byOptionsObject.set(options, verifier)
  }
  return verifier.verify<TCustom>(input)
}

/** A string equal for equal configurations: values by content, functions and schemas by identity. */
function configurationKey(options: object): string {
  return JSON.stringify(options, (_, value: unknown) => {
    if (typeof value === 'function' || (typeof value === 'object' && value !== null && '~standard' in value)) {
      let id = functionIds.get(value)
      if (id === undefined) {
        id = nextFunctionId++
        functionIds.set(value, id)
      }
      return `[fn ${id}]`
    }
    return value
  })
}
