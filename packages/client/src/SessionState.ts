import type { SessionClientError } from './SessionClientError.js'

/** Why the state is `unauthenticated`.
 *
 * @example
 * ```ts
 * import type { SessionState } from '@hanko-session/client'
 *
 * declare const state: SessionState
 * if (state.status === 'authenticated') console.log(state.user.id, state.claims.session_id, state.expiresAt)
 * else if (state.status === 'unauthenticated') console.log(state.reason)
 * ```
 */
export type UnauthenticatedReason = 'logged_out' | 'expired' | 'idle_timeout' | 'revoked' | 'user_deleted' | 'never_authenticated'

/** The signed-in user, as the session's claims describe them.
 *
 * @example
 * ```ts
 * import type { SessionState } from '@hanko-session/client'
 *
 * declare const state: SessionState
 * if (state.status === 'authenticated') console.log(state.user.id, state.claims.session_id, state.expiresAt)
 * else if (state.status === 'unauthenticated') console.log(state.reason)
 * ```
 */
export interface SessionUser {
  readonly id: string
  /** The primary email address, when the user has one. */
  readonly email?: string
  readonly username?: string
}

/**
 * The session's claims as Hanko reports them to the browser (`/sessions/validate`, the flow's
 * `success`, `hanko-session-created`): friendly names, RFC 3339 times, custom claims beside them.
 * Read on the client for display and scheduling only: your server verifies the token.
 *
 * @example
 * ```ts
 * import { createHankoSession } from '@hanko-session/client'
 *
 * const session = createHankoSession<{ role?: string }>({ apiUrl: 'https://auth.example.com' })
 * const state = session.getSnapshot()
 * if (state.status === 'authenticated') console.log(state.claims.role, state.claims.amr)
 * ```
 */
export type SessionClaims<TCustom extends object = object> = Readonly<
  {
    /** The user id. */
    subject: string
    session_id: string
    /** When the session ends (RFC 3339). */
    expiration: string
    issued_at?: string
    audience?: readonly string[]
    issuer?: string
    email?: { readonly address: string; readonly is_primary: boolean; readonly is_verified: boolean }
    username?: string
    amr?: readonly string[]
  } & TCustom
>

interface SessionStateCommon {
  /** A login or registration flow is in progress (in `<hanko-auth>` or through the SDK). */
  readonly authenticating: boolean
  /** The last check failed for a non-authoritative reason (network, timeout, 5xx); the state is kept. */
  readonly stale: boolean
  /** The last failure, while `stale` (or after a failed logout). */
  readonly error?: SessionClientError
}

/** Nothing is known yet: the first check runs.
 *
 * @example
 * ```ts
 * import type { SessionState } from '@hanko-session/client'
 *
 * declare const state: SessionState
 * if (state.status === 'authenticated') console.log(state.user.id, state.claims.session_id, state.expiresAt)
 * else if (state.status === 'unauthenticated') console.log(state.reason)
 * ```
 */
export interface LoadingSessionState extends SessionStateCommon {
  readonly status: 'loading'
}

/** Hanko confirmed a session (or the server snapshot said so).
 *
 * @example
 * ```ts
 * import type { SessionState } from '@hanko-session/client'
 *
 * declare const state: SessionState
 * if (state.status === 'authenticated') console.log(state.user.id, state.claims.session_id, state.expiresAt)
 * else if (state.status === 'unauthenticated') console.log(state.reason)
 * ```
 */
export interface AuthenticatedSessionState<TCustom extends object = object> extends SessionStateCommon {
  readonly status: 'authenticated'
  readonly user: SessionUser
  readonly claims: SessionClaims<TCustom>
  readonly expiresAt: Date
  /** When the session ends if unused, when Hanko's idle timeout is on. */
  readonly idleExpiresAt?: Date
}

/** No session, with the reason.
 *
 * @example
 * ```ts
 * import type { SessionState } from '@hanko-session/client'
 *
 * declare const state: SessionState
 * if (state.status === 'authenticated') console.log(state.user.id, state.claims.session_id, state.expiresAt)
 * else if (state.status === 'unauthenticated') console.log(state.reason)
 * ```
 */
export interface UnauthenticatedSessionState extends SessionStateCommon {
  readonly status: 'unauthenticated'
  readonly reason: UnauthenticatedReason
}

/**
 * What the store holds: one frozen object, the same until something changes.
 *
 * @example
 * ```ts
 * import type { SessionState } from '@hanko-session/client'
 *
 * function greeting(state: SessionState): string {
 *   if (state.status === 'loading') return '…'
 *   if (state.status === 'authenticated') return `Hello ${state.user.email ?? state.user.id}`
 *   return state.reason === 'expired' ? 'Your session ended; please sign in again.' : 'Please sign in.'
 * }
 * ```
 */
export type SessionState<TCustom extends object = object> = LoadingSessionState | AuthenticatedSessionState<TCustom> | UnauthenticatedSessionState

/**
 * A state as a server renders it, for `initialState` and `hydrate()`: serialisable (times may be
 * `Date`s or ISO strings, as after `JSON.parse`), signed in or signed out. Make one with
 * `sessionSnapshot()`. The store reads the user and `expiresAt` from `claims` (`subject`, `email`,
 * `username`, `expiration`), so they always agree; a snapshot whose claims cannot be read is `loading`.
 *
 * @example
 * ```ts
 * import { type SessionSnapshot, createHankoSession } from '@hanko-session/client'
 *
 * const initialState: SessionSnapshot = { status: 'unauthenticated', reason: 'never_authenticated' }
 * createHankoSession({ apiUrl: 'https://auth.example.com', initialState })
 * ```
 */
export type SessionSnapshot<TCustom extends object = object> =
  | { readonly status: 'loading' }
  | {
      readonly status: 'authenticated'
      readonly user: SessionUser
      readonly claims: SessionClaims<TCustom>
      readonly expiresAt: Date | string
      readonly idleExpiresAt?: Date | string
    }
  | { readonly status: 'unauthenticated'; readonly reason: UnauthenticatedReason }
