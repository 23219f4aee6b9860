// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { createHankoSession } from '../createHankoSession.js'
import { sessionSnapshot } from '../sessionSnapshot.js'

const verified = {
  userId: 'b1f0c4e2-0000-4000-8000-000000000001',
  sessionId: 's-1',
  expiresAt: new Date('2026-12-01T22:00:00Z'),
  issuedAt: new Date('2026-12-01T10:00:00Z'),
  audience: ['localhost'],
  email: { address: 'alice@example.com', isPrimary: true, isVerified: true },
  claims: { sub: 'b1f0c4e2-0000-4000-8000-000000000001', session_id: 's-1', iat: 1796119200, exp: 1796162400, aud: ['localhost'], email: { address: 'alice@example.com', is_primary: true, is_verified: true }, amr: ['otp'], role: 'admin' },
}

describe('SSR: the store on a server', () => {
  it('imports, creates, subscribes and hydrates with no DOM, and touches nothing', () => {
    expect(typeof document).toBe('undefined')
    const session = createHankoSession({ apiUrl: 'http://localhost:8000', initialState: sessionSnapshot(verified) })
    const seen: string[] = []
    const unsubscribe = session.subscribe((state) => seen.push(state.status))
    session.on('expired', () => {})
    expect(seen).toEqual(['authenticated'])
    expect(session.getSnapshot()).toBe(session.getServerSnapshot())
    unsubscribe()
    session.destroy()
  })

  it('the server snapshot equals the one the browser hydrates from JSON', () => {
    const onServer = createHankoSession({ apiUrl: 'http://localhost:8000', initialState: sessionSnapshot(verified) })
    const inBrowser = createHankoSession({ apiUrl: 'http://localhost:8000' })
    inBrowser.hydrate(JSON.parse(JSON.stringify(sessionSnapshot(verified))))
    expect(inBrowser.getServerSnapshot()).toEqual(onServer.getServerSnapshot())
    expect(inBrowser.getSnapshot()).toEqual(onServer.getSnapshot())
  })

  it('a signed-out server snapshot hydrates as signed out', () => {
    const session = createHankoSession({ apiUrl: 'http://localhost:8000', initialState: sessionSnapshot(null) })
    expect(session.getServerSnapshot()).toEqual({ status: 'unauthenticated', reason: 'never_authenticated', authenticating: false, stale: false })
  })

  it('logout() and fetch() need no browser: logout does nothing, fetch sends credentials', async () => {
    const calls: RequestInit[] = []
    const session = createHankoSession({ apiUrl: 'http://localhost:8000', fetch: async (_input, init = {}) => (calls.push(init), new Response('ok')) })
    await session.logout()
    expect(await (await session.fetch('http://localhost:3000/api')).text()).toBe('ok')
    expect(calls[0]!.credentials).toBe('include')
  })
})

describe('sessionSnapshot', () => {
  it('turns core’s verified HankoSession into Hanko’s client claims, custom claims kept', () => {
    expect(sessionSnapshot(verified)).toEqual({
      status: 'authenticated',
      user: { id: verified.userId, email: 'alice@example.com' },
      claims: {
        subject: verified.userId,
        session_id: 's-1',
        issued_at: '2026-12-01T10:00:00.000Z',
        expiration: '2026-12-01T22:00:00.000Z',
        audience: ['localhost'],
        email: { address: 'alice@example.com', is_primary: true, is_verified: true },
        amr: ['otp'],
        role: 'admin',
      },
      expiresAt: new Date('2026-12-01T22:00:00Z'),
    })
  })

  it('null (no session) is signed out, never_authenticated', () => {
    expect(sessionSnapshot(null)).toEqual({ status: 'unauthenticated', reason: 'never_authenticated' })
  })
})
