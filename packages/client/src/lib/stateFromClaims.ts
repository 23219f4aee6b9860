import type { AuthenticatedSessionState, SessionClaims, SessionSnapshot, SessionState } from '../SessionState.js'

/** The authenticated state for claims Hanko reported; `undefined` when they lack what a session needs. */
export function stateFromClaims<T extends object>(
  claims: SessionClaims<T>,
  idleExpiresAt: Date | string | undefined,
  authenticating: boolean,
): AuthenticatedSessionState<T> | undefined {
  const expiresAt = new Date(claims.expiration)
  const idle = new Date(idleExpiresAt ?? NaN)
  if (typeof claims.subject !== 'string' || Number.isNaN(expiresAt.getTime())) return undefined
  return {
    status: 'authenticated',
    user: {
      id: claims.subject,
      ...(claims.email?.address === undefined ? {} : { email: claims.email.address }),
      ...(claims.username === undefined ? {} : { username: claims.username }),
    },
    claims,
    expiresAt,
    ...(Number.isNaN(idle.getTime()) ? {} : { idleExpiresAt: idle }),
    authenticating,
    stale: false,
  }
}

/** A state from a (possibly JSON-parsed) server snapshot; what cannot be read is `loading`. */
export function stateFromSnapshot<T extends object>(snapshot: SessionSnapshot<T> | undefined): SessionState<T> {
  const state =
    snapshot?.status === 'authenticated'
      ? stateFromClaims(snapshot.claims, snapshot.idleExpiresAt, false)
      : snapshot?.status === 'unauthenticated'
        ? { status: snapshot.status, reason: snapshot.reason, authenticating: false, stale: false }
        : undefined
  return Object.freeze(state ?? { status: 'loading', authenticating: false, stale: false })
}

/**
 * Two states a reader cannot tell apart, so the snapshot need not change. States are built with
 * their keys in one order, and their `Date`s serialise as instants.
 */
export function sameState(a: SessionState<object>, b: SessionState<object>): boolean {
  // An error serialises as `{}`: the store never swaps one error for another without another change.
  return JSON.stringify(a) === JSON.stringify(b)
}
