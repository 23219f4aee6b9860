import { describe, expectTypeOf, it } from 'vitest'
import { createHankoSession } from '../createHankoSession.js'
import type { SessionClientErrorCode } from '../SessionClientError.js'
import type { SessionClaims, SessionState, UnauthenticatedReason } from '../SessionState.js'

describe('types of @hanko-session/client', () => {
  it('events carry typed payloads', () => {
    const session = createHankoSession({ apiUrl: 'http://localhost:8000' })
    session.on('expiring', (payload) => expectTypeOf(payload.expiresAt).toEqualTypeOf<Date>())
    session.on('expired', (payload) => expectTypeOf(payload.reason).toEqualTypeOf<'expired' | 'idle_timeout' | 'revoked'>())
    session.once('authFlowCompleted', (payload) => expectTypeOf(payload.flowName).toEqualTypeOf<'login' | 'registration'>())
    expectTypeOf(session.on('change', () => {})).toEqualTypeOf<() => void>()
  })

  it('the state narrows on status, custom claims included', () => {
    const session = createHankoSession<{ role: string }>({ apiUrl: 'http://localhost:8000' })
    const state = session.getSnapshot()
    expectTypeOf(state).toEqualTypeOf<SessionState<{ role: string }>>()
    if (state.status === 'authenticated') {
      expectTypeOf(state.claims).toEqualTypeOf<SessionClaims<{ role: string }>>()
      expectTypeOf(state.claims.role).toEqualTypeOf<string>()
      expectTypeOf(state.idleExpiresAt).toEqualTypeOf<Date | undefined>()
    }
    if (state.status === 'unauthenticated') expectTypeOf(state.reason).toEqualTypeOf<UnauthenticatedReason>()
    expectTypeOf(state.error?.code).toEqualTypeOf<SessionClientErrorCode | undefined>()
  })

  it('needs apiUrl or hanko', () => {
    // @ts-expect-error -- neither apiUrl nor hanko
    createHankoSession({ checkInterval: '30s' })
  })
})
