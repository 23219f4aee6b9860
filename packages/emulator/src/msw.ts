import { HttpResponse, type HttpHandler, http } from 'msw'
import { EmulatorError } from './EmulatorError.js'
import type { HankoEmulator } from './HankoEmulator.js'

/** Options of {@link hankoHandlers}. */
export interface HankoHandlersOptions {
  /**
   * The Hanko API URL your code under test uses, e.g. `'http://localhost:8000'`: an origin, without a
   * path. Every request to it (any path, any method, CORS preflights included) goes to the emulator.
   */
  apiUrl: string
}

/**
 * msw request handlers that answer every request to `apiUrl` with the emulator's `fetch` handler, so
 * code under test (the real Hanko SDK in jsdom or happy-dom, your own fetch calls) talks to the same
 * Hanko the browser does. A `'drop'` fault becomes an msw network error.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node'
 * import { createHankoEmulator } from '@hanko-session/emulator'
 * import { hankoHandlers } from '@hanko-session/emulator/msw'
 *
 * const hanko = createHankoEmulator()
 * const server = setupServer(...hankoHandlers(hanko, { apiUrl: 'http://localhost:8000' }))
 * beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
 * afterAll(() => server.close())
 * ```
 */
export function hankoHandlers(emulator: HankoEmulator, options: HankoHandlersOptions): HttpHandler[] {
  let url: URL
  try {
    url = new URL(options.apiUrl)
  } catch (cause) {
    throw new EmulatorError('ERR_INVALID_ARGUMENT', `"apiUrl" must be an absolute URL such as 'http://localhost:8000'.`, { cause })
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw new EmulatorError('ERR_INVALID_ARGUMENT', `"apiUrl" must be an origin without a path, query or fragment, got ${JSON.stringify(options.apiUrl)}.`)
  }
  return [
    http.all(`${url.origin}/*`, async ({ request }) => {
      const response = await emulator.fetch(request)
      return response.type === 'error' ? HttpResponse.error() : withDeletionCookiesForJsdom(response)
    }),
  ]
}

/** A `Set-Cookie` that deletes, as the emulator (like Hanko) writes it: `Max-Age=0`. */
const DELETION = /;\s*max-age=0\s*(;|$)/i
const HTTP_ONLY = /;\s*httponly\s*(?=;|$)/gi

/**
 * The response with `HttpOnly` taken off every deleting `Set-Cookie` (logout, account deletion, idle
 * expiry). Why: when jsdom's own XMLHttpRequest reaches msw (over node:http), jsdom's cookie jar
 * (tough-cookie) stores the already-expired cookie instead of dropping it, and never purges an expired
 * `Secure` one on `http://`; while it sits there, its `HttpOnly` flag makes jsdom refuse the SDK's next
 * `document.cookie` write of the same name, so a second login in one test has no token. Browsers drop
 * an expired cookie at once; without the flag, jsdom lets the SDK overwrite it. The deletion still
 * deletes, HttpOnly or not. (Browsers never expose `Set-Cookie` to msw, so there this changes nothing.)
 */
function withDeletionCookiesForJsdom(response: Response): Response {
  const cookies = response.headers.getSetCookie()
  if (!cookies.some((cookie) => DELETION.test(cookie))) return response
  const headers = new Headers(response.headers)
  headers.delete('set-cookie')
  for (const cookie of cookies) headers.append('set-cookie', DELETION.test(cookie) ? cookie.replace(HTTP_ONLY, '') : cookie)
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}
