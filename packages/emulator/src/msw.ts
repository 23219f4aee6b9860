import { HttpResponse, type HttpHandler, type HttpResponseResolver, http } from 'msw'
import { EmulatorError } from './EmulatorError.js'
import type { HankoEmulator } from './HankoEmulator.js'

/** Options of {@link hankoHandlers}. */
export interface HankoHandlersOptions {
  /**
   * The Hanko API URL your code under test uses, e.g. `'http://localhost:8000'`, or with the
   * emulator's `basePath` as its path (`'http://localhost:8000/tenant-1'` for `basePath: '/tenant-1'`),
   * as for a multi-tenant Hanko. Every request under it (any path, any method, CORS preflights
   * included) goes to the emulator; requests outside the path are left to your other handlers.
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
  if (url.search !== '' || url.hash !== '') {
    throw new EmulatorError('ERR_INVALID_ARGUMENT', `"apiUrl" must not have a query or fragment, got ${JSON.stringify(options.apiUrl)}.`)
  }
  const path = url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname
  if (path !== emulator.basePath) {
    const expected = emulator.basePath === '' ? 'an origin without a path' : `a URL whose path is the emulator's basePath ${JSON.stringify(emulator.basePath)}`
    throw new EmulatorError('ERR_INVALID_ARGUMENT', `"apiUrl" must be ${expected}, got ${JSON.stringify(options.apiUrl)}; create the emulator with the matching basePath.`)
  }
  const forward: HttpResponseResolver = async ({ request }) => {
    const response = await emulator.fetch(request)
    return response.type === 'error' ? HttpResponse.error() : withDeletionCookiesForJsdom(response)
  }
  const handlers = [http.all(`${url.origin}${path}/*`, forward)]
  // The base path itself (no trailing slash) is the emulator's too: it answers 404 there, as Hanko does.
  if (path !== '') handlers.push(http.all(`${url.origin}${path}`, forward))
  return handlers
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
