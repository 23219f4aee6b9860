import { describe, expect, it, vi } from 'vitest'
import { createTestSession } from '../testing.js'

describe('createTestSession (the test kit)', () => {
  it('mount → authenticated → expiring → expired → signed out, on the test clock', () => {
    vi.useFakeTimers()
    vi.setSystemTime(Date.parse('2026-12-01T10:00:00Z'))
    const session = createTestSession()
    const seen: string[] = []
    const states: string[] = []
    session.subscribe((state) => states.push(state.status))
    for (const name of ['expiring', 'expired'] as const) session.on(name, () => seen.push(`${name}@${new Date(session.now()).toISOString()}`))
    expect(session.getSnapshot()).toMatchObject({ status: 'authenticated', user: { id: 'test-user', email: 'alice@example.com' } })
    session.advance('11h58m')
    expect(seen).toEqual([])
    session.advance('5m')
    expect(seen).toEqual(['expiring@2026-12-01T21:59:00.000Z', 'expired@2026-12-01T22:00:00.000Z'])
    expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'expired' })
    expect(states).toEqual(['authenticated', 'unauthenticated'])
    vi.useRealTimers()
  })

  it('idle timeout: idleWarning, then expired with reason idle_timeout', () => {
    const now = Date.now()
    const session = createTestSession({
      status: 'authenticated',
      user: { id: 'u1' },
      claims: { subject: 'u1', session_id: 's1', expiration: new Date(now + 3_600_000).toISOString() },
      expiresAt: new Date(now + 3_600_000),
      idleExpiresAt: new Date(now + 300_000),
    })
    const seen: unknown[] = []
    session.on('idleWarning', (payload) => seen.push(payload))
    session.on('expired', (payload) => seen.push(payload))
    session.advance('5m')
    expect(seen).toEqual([{ idleExpiresAt: new Date(now + 300_000) }, { reason: 'idle_timeout' }])
  })

  it('simulates a logout in another tab, an outage and a direct update', async () => {
    const session = createTestSession()
    const loggedOut = vi.fn()
    session.on('loggedOut', loggedOut)
    session.failNetwork()
    expect(session.getSnapshot()).toMatchObject({ status: 'authenticated', stale: true, error: { code: 'ERR_CHECK_FAILED' } })
    session.failNetwork(false)
    expect(session.getSnapshot()).toMatchObject({ status: 'authenticated', stale: false })
    expect(session.getSnapshot()).not.toHaveProperty('error')
    session.update({ authenticating: true })
    expect(session.getSnapshot().authenticating).toBe(true)
    session.logoutElsewhere()
    expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'logged_out' })
    expect(loggedOut).toHaveBeenCalledWith({ reason: 'logged_out' })
    await session.logout()
    session.expire()
    expect(loggedOut).toHaveBeenCalledTimes(1)
    expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'logged_out' })
  })

  it('starts signed out from a signed-out snapshot, and expire() fires expired only for a session', () => {
    const session = createTestSession({ status: 'unauthenticated', reason: 'never_authenticated' })
    const expired = vi.fn()
    session.on('expired', expired)
    session.expire()
    expect(expired).not.toHaveBeenCalled()
    expect(session.getServerSnapshot()).toEqual({ status: 'unauthenticated', reason: 'never_authenticated', authenticating: false, stale: false })
  })

  it('keeps the snapshot object when nothing changes', () => {
    const session = createTestSession()
    const first = session.getSnapshot()
    session.update({})
    session.advance('1m')
    expect(session.getSnapshot()).toBe(first)
  })
})
