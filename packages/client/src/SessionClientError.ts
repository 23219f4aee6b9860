/**
 * The stable codes of {@link SessionClientError}; public API.
 *
 * - `ERR_INVALID_OPTIONS`: `createHankoSession` got an option it cannot use (thrown at once).
 * - `ERR_CHECK_FAILED`: a session check got no authoritative answer (network error, timeout, 5xx);
 *   the state keeps the session and sets `stale`.
 * - `ERR_LOGOUT_FAILED`: Hanko did not confirm the logout; this tab is signed out anyway.
 * - `ERR_ORIGIN_NOT_ALLOWED`: `session.fetch` was asked to send the session to an origin that is
 *   neither the page's nor in `apiOrigins` (it rejects; nothing is sent).
 *
 * @example
 * ```ts
 * import type { SessionClientErrorCode } from '@hanko-session/client'
 *
 * const retrying: SessionClientErrorCode = 'ERR_CHECK_FAILED'
 * ```
 */
export type SessionClientErrorCode = 'ERR_INVALID_OPTIONS' | 'ERR_CHECK_FAILED' | 'ERR_LOGOUT_FAILED' | 'ERR_ORIGIN_NOT_ALLOWED'

/**
 * The one error type of `@hanko-session/client`. The store reports errors as state (`state.error`),
 * never by throwing from `getSnapshot` or `subscribe`; only invalid options throw.
 *
 * @example
 * ```ts
 * import { createHankoSession } from '@hanko-session/client'
 *
 * const session = createHankoSession({ apiUrl: 'https://auth.example.com' })
 * session.subscribe((state) => {
 *   if (state.error?.code === 'ERR_CHECK_FAILED') console.warn('Hanko is unreachable; retrying', state.error.cause)
 * })
 * ```
 */
export class SessionClientError extends Error {
  override readonly name = 'SessionClientError'
  readonly code: SessionClientErrorCode

  constructor(code: SessionClientErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}
