import type { HankoSession } from '@hanko-session/core'
import type { SessionClaims, SessionSnapshot } from './SessionState.js'

const RESERVED = new Set(['sub', 'iat', 'exp', 'nbf', 'aud', 'iss', 'session_id', 'email', 'username', 'jti'])

/**
 * Turns a session verified on the server by `@hanko-session/core` (or `null` when there is none) into
 * the snapshot `createHankoSession({ initialState })` and `session.hydrate()` take, so the first
 * client render matches the server's. Pure: no clock, no I/O.
 *
 * @example
 * ```ts
 * import type { HankoSession } from '@hanko-session/core'
 * import { sessionSnapshot } from '@hanko-session/client'
 *
 * declare const verified: HankoSession | null // from verifier.verify(request), or null when signed out
 * const initialState = sessionSnapshot(verified) // pass to the page, then createHankoSession({ apiUrl, initialState })
 * ```
 */
export function sessionSnapshot<TCustom extends object = object>(session: HankoSession<TCustom> | null | undefined): SessionSnapshot<TCustom> {
  if (session === null || session === undefined) return { status: 'unauthenticated', reason: 'never_authenticated' }
  const custom: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(session.claims)) if (!RESERVED.has(name)) custom[name] = value
  const claims = {
    ...custom,
    subject: session.userId,
    session_id: session.sessionId,
    issued_at: session.issuedAt.toISOString(),
    expiration: session.expiresAt.toISOString(),
    audience: [...session.audience],
    ...(session.issuer === undefined ? {} : { issuer: session.issuer }),
    ...(session.email === undefined ? {} : { email: { address: session.email.address, is_primary: session.email.isPrimary, is_verified: session.email.isVerified } }),
    ...(session.username === undefined ? {} : { username: session.username }),
  } as unknown as SessionClaims<TCustom>
  return {
    status: 'authenticated',
    user: { id: session.userId, ...(session.email === undefined ? {} : { email: session.email.address }), ...(session.username === undefined ? {} : { username: session.username }) },
    claims,
    expiresAt: new Date(session.expiresAt.getTime()),
  }
}
