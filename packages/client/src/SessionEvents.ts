import type { SessionState, SessionUser } from './SessionState.js'

/**
 * The store's events and their payloads; `session.on(name, listener)` is typed by this map.
 *
 * @example
 * ```ts
 * import { createHankoSession } from '@hanko-session/client'
 *
 * const session = createHankoSession({ apiUrl: 'https://auth.example.com' })
 * const off = session.on('expiring', ({ expiresAt }) => console.log(`Session ends at ${expiresAt.toLocaleTimeString()}`))
 * off()
 * ```
 */
export interface SessionEvents<TCustom extends object = object> {
  /** A login or registration flow finished (`<hanko-auth>` or the SDK): Hanko's `onAuthFlowCompleted`. */
  authFlowCompleted: { readonly flowName: 'login' | 'registration'; readonly userId?: string }
  /** A new session became known: created in this tab, by the elements, or in another tab. */
  sessionCreated: { readonly user: SessionUser; readonly expiresAt: Date }
  /** The session ends in `expiringLeadTime` (or less, when the store started later). */
  expiring: { readonly expiresAt: Date }
  /** The session ends in `idleWarningLeadTime` unless it is used. */
  idleWarning: { readonly idleExpiresAt: Date }
  /** A session this tab confirmed ended on Hanko's word (or at its known `exp` while Hanko was unreachable). */
  expired: { readonly reason: 'expired' | 'idle_timeout' | 'revoked' }
  /** The user logged out (`session.logout()`, the elements, or the SDK). */
  loggedOut: { readonly reason: 'logged_out' }
  /** The user deleted their account (`<hanko-profile>`). */
  userDeleted: { readonly reason: 'user_deleted' }
  /** The snapshot changed. */
  change: { readonly state: SessionState<TCustom>; readonly previous: SessionState<TCustom> }
}
