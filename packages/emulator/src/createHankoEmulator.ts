import type { HankoEmulator } from './HankoEmulator.js'
import type { HankoEmulatorOptions } from './HankoEmulatorOptions.js'
import { createEmulator } from './lib/createEmulator.js'
import { serveFetch } from './lib/fetchAdapter.js'

/**
 * Creates a Hanko-compatible API in memory. Serve its `fetch` handler anywhere (the CLI, msw, a
 * worker, `Bun.serve`, `Deno.serve`), point the real Hanko browser packages at it, and drive its state
 * with the typed helpers. Options are checked here; anything invalid throws `ERR_INVALID_OPTIONS`.
 *
 * The signing key is generated in the background at once (RSA-2048 by default, a few tens of
 * milliseconds); requests and helpers wait for it.
 *
 * @example
 * ```ts
 * import { createHankoEmulator } from '@hanko-session/emulator'
 *
 * const hanko = createHankoEmulator({ sessionLifetime: 3600 })
 * const { token } = await hanko.mintSessionToken({ email: 'alice@example.com' })
 * const response = await hanko.fetch(new Request('http://localhost:8000/me', { headers: { authorization: `Bearer ${token}` } }))
 * ```
 */
export function createHankoEmulator(options: HankoEmulatorOptions = {}): HankoEmulator {
  const { controls, handle, basePath } = createEmulator(options)
  return { ...controls, basePath, fetch: (request, context = {}) => serveFetch(handle, request, context) }
}
