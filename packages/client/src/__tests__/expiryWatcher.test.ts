import { Hanko } from '@teamhanko/hanko-frontend-sdk'
import { describe, expect, it } from 'vitest'
import { sessionSnapshot } from '../sessionSnapshot.js'
import { API, START, existingSession, loginInThisTab, record, settle, skew, store, useHanko } from './harness.js'

const { emulator, validations } = useHanko({ sessionLifetime: '10m' })

const MINUTE = 60_000

describe('expiry watcher', () => {
  it('authenticated → expiring at exp − 60 s → expired at exp, to the millisecond, with no extra checks to find the moment', async () => {
    const { expiresAt } = await existingSession(emulator)
    const { session } = store({ checkInterval: '1h' }, false)
    const seen = record(session)
    session.subscribe(() => {})
    await settle(11 * MINUTE)
    expect(seen).toEqual([
      { name: 'expiring', at: expiresAt.getTime() - MINUTE, payload: { expiresAt } },
      { name: 'expired', at: expiresAt.getTime(), payload: { reason: 'expired' } },
    ])
    expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'expired' })
    // One check at start, one at the deadline: nothing polled to find it.
    expect(validations()).toBe(2)
  })

  it('honours expiringLeadTime', async () => {
    const { expiresAt } = await existingSession(emulator)
    const { session } = store({ expiringLeadTime: '2m30s' }, false)
    const seen = record(session)
    session.subscribe(() => {})
    await settle(10 * MINUTE)
    expect(seen[0]).toEqual({ name: 'expiring', at: expiresAt.getTime() - 150_000, payload: { expiresAt } })
  })

  for (const [label, offsetMs] of [['10 minutes ahead', 10 * MINUTE], ['10 minutes behind', -10 * MINUTE]] as const) {
    it(`corrects for a server clock ${label} of the browser's (a login in this tab)`, async () => {
      skew.ms = offsetMs
      const { session } = store({}, false)
      const seen = record(session)
      session.subscribe(() => {})
      await settle()
      await loginInThisTab(emulator)
      await settle()
      const state = session.getSnapshot()
      if (state.status !== 'authenticated') throw new Error('not authenticated')
      const localExpiry = state.expiresAt.getTime() - offsetMs
      expect(localExpiry).toBe(START + 10 * MINUTE)
      await settle(11 * MINUTE)
      expect(seen.map(({ name, at }) => [name, at])).toEqual([
        ['sessionCreated', START],
        ['expiring', localExpiry - MINUTE],
        ['expired', localExpiry],
      ])
    })
  }

  it('remembers the measured offset across a reload (a new store on the same storage)', async () => {
    skew.ms = 10 * MINUTE
    const first = store({}, false)
    first.session.subscribe(() => {})
    await settle()
    await loginInThisTab(emulator)
    await settle()
    first.session.destroy()
    const { session } = store({ checkInterval: '1h' }, false)
    const seen = record(session)
    session.subscribe(() => {})
    await settle(11 * MINUTE)
    expect(seen.map(({ name, at }) => [name, at])).toEqual([
      ['expiring', START + 9 * MINUTE],
      ['expired', START + 10 * MINUTE],
    ])
  })

  it('a browser clock 10 minutes ahead and an unknown offset never give an early expired', async () => {
    skew.ms = -10 * MINUTE
    // Issued at the server's START − 10 min: by the browser's clock it ends right now.
    const { expiresAt } = await existingSession(emulator)
    expect(expiresAt.getTime()).toBe(START)
    const { session } = store({}, false)
    const seen = record(session)
    session.subscribe(() => {})
    await settle(10 * MINUTE - 1_000)
    expect(session.getSnapshot().status).toBe('authenticated')
    expect(seen).toEqual([])
    await settle(31_000)
    expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'expired' })
    const expired = seen.find((event) => event.name === 'expired')!
    const realExpiryLocal = expiresAt.getTime() + 10 * MINUTE
    expect(expired.at - realExpiryLocal).toBeGreaterThanOrEqual(0)
    expect(expired.at - realExpiryLocal).toBeLessThanOrEqual(30_000)
    // One check per interval, plus the doubling steps (1 s, 2 s, … 16 s) that found the clock was off.
    expect(validations()).toBeLessThanOrEqual(1 + 10 * 2 + 5)
  })

  it('a wake from sleep (timers frozen past exp) → expired on visibilitychange, with no expiring', async () => {
    await existingSession(emulator)
    const { session } = store({}, false)
    const seen = record(session)
    session.subscribe(() => {})
    await settle()
    // The machine sleeps: the clock moves on, no timer runs.
    const { vi } = await import('vitest')
    vi.setSystemTime(START + 20 * MINUTE)
    document.dispatchEvent(new Event('visibilitychange'))
    await settle()
    expect(seen.map(({ name, at, payload }) => [name, at, payload])).toEqual([['expired', START + 20 * MINUTE, { reason: 'expired' }]])
  })

  it('clamps timers to 2^31 − 1 ms for a 30-day session, and fires nothing early', async () => {
    const delays: number[] = []
    const login = await emulator.mintSessionToken({ email: 'alice@example.com', lifetime: '30d' })
    document.cookie = `hanko=${login.token}; path=/`
    const { session } = store({ checkInterval: '40d', setTimeout: (callback, delayMs) => (delays.push(delayMs), globalThis.setTimeout(callback, delayMs)) }, false)
    const seen = record(session)
    session.subscribe(() => {})
    await settle()
    expect(session.getSnapshot().status).toBe('authenticated')
    expect(delays.length).toBeGreaterThan(0)
    expect(Math.max(...delays)).toBeLessThanOrEqual(2 ** 31 - 1)
    await settle(24 * 24 * 60 * MINUTE)
    expect(seen).toEqual([])
  })

  it('never reports expired for a session this tab never confirmed (a stale server snapshot)', async () => {
    const { sessionId } = await existingSession(emulator)
    const { session } = store({}, false)
    const verifiedOnServer = { userId: 'u', sessionId, expiresAt: new Date(START + MINUTE), issuedAt: new Date(START - MINUTE), audience: ['localhost'], claims: { sub: 'u', session_id: sessionId, iat: 0, exp: 0, aud: ['localhost'] } }
    session.hydrate(sessionSnapshot(verifiedOnServer))
    expect(session.getSnapshot().status).toBe('authenticated')
    const seen = record(session)
    emulator.sessions.revoke(sessionId)
    session.subscribe(() => {})
    await settle()
    expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'revoked' })
    expect(seen).toEqual([])
  })

  it('never reports expired while a login flow is in progress (teamhanko/hanko#2868)', async () => {
    const { sessionId } = await existingSession(emulator)
    const { session } = store({}, false)
    const seen = record(session)
    session.subscribe(() => {})
    await settle()
    const hanko = new Hanko(API, { sessionCheckInterval: 2_147_483_647 })
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a flow state as the elements drive it
    const init: any = await hanko.createState('login')
    await init.actions.continue_with_login_identifier.run({ email: 'alice@example.com' })
    expect(session.getSnapshot().authenticating).toBe(true)
    emulator.sessions.revoke(sessionId)
    await settle(30_000)
    expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'revoked', authenticating: true })
    expect(seen).toEqual([])
  })
})
