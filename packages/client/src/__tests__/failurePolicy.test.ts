import { describe, expect, it } from 'vitest'
import type { SessionState } from '../SessionState.js'
import { START, existingSession, loginInThisTab, record, settle, store, useHanko } from './harness.js'

const { emulator, validations } = useHanko()
const MINUTE = 60_000
const HOUR = 60 * MINUTE

/** A small seeded PRNG (mulberry32), so the simulated day is the same on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

describe('failure policy', () => {
  it('a dropped check → stale with ERR_CHECK_FAILED, session kept; the retry 1 s later clears it', async () => {
    await existingSession(emulator)
    const { session, events } = store()
    session.subscribe(() => {})
    await settle()
    emulator.faults.inject({ path: '/sessions/validate', kind: 'drop', times: 1 })
    await settle(30_000)
    const stale = session.getSnapshot()
    expect(stale).toMatchObject({ status: 'authenticated', stale: true, error: { code: 'ERR_CHECK_FAILED' } })
    await settle(1_000)
    expect(session.getSnapshot()).toMatchObject({ status: 'authenticated', stale: false })
    expect(session.getSnapshot()).not.toHaveProperty('error')
    expect(events).toEqual([])
  })

  it('5xx answers → retries with backoff (1 s, 2 s, 4 s, … up to checkInterval), one snapshot change for the whole outage', async () => {
    await existingSession(emulator)
    const { session } = store()
    const states: SessionState[] = []
    session.subscribe((state) => states.push(state))
    await settle()
    emulator.faults.inject({ path: '/sessions/validate', kind: 'error', status: 503 })
    const before = validations()
    await settle(30_000)
    const at: number[] = []
    for (let i = 0; i < 70; i++) {
      const count = validations()
      await settle(1_000)
      if (validations() > count) at.push(Date.now() - START - 30_000)
    }
    expect(at).toEqual([1_000, 3_000, 7_000, 15_000, 31_000, 61_000])
    expect(validations() - before).toBe(7)
    expect(states.map((state) => [state.status, state.stale])).toEqual([['loading', false], ['authenticated', false], ['authenticated', true]])
  })

  it('a check that fails after a logout leaves the signed-out state alone', async () => {
    await existingSession(emulator)
    const { session } = store()
    session.subscribe(() => {})
    await settle()
    emulator.faults.inject({ path: '/sessions/validate', kind: 'drop', latencyMs: 1_000, times: 1 })
    document.dispatchEvent(new CustomEvent('hanko-session-expired', { detail: null }))
    await session.logout()
    await settle(2_000)
    expect(session.getSnapshot()).toEqual({ status: 'unauthenticated', reason: 'logged_out', authenticating: false, stale: false })
  })

  it('an online event retries at once', async () => {
    await existingSession(emulator)
    const { session } = store()
    session.subscribe(() => {})
    await settle()
    emulator.faults.inject({ path: '/sessions/validate', kind: 'drop', times: 5 })
    await settle(30_000 + 1_000 + 2_000 + 4_000)
    expect(session.getSnapshot().stale).toBe(true)
    emulator.faults.clear()
    const count = validations()
    window.dispatchEvent(new Event('online'))
    await settle()
    expect(validations()).toBe(count + 1)
    expect(session.getSnapshot().stale).toBe(false)
  })

  it('never extends a session past its known exp while Hanko is unreachable', async () => {
    const { expiresAt } = await existingSession(emulator)
    const { session } = store()
    const seen = record(session)
    session.subscribe(() => {})
    await settle()
    emulator.faults.inject({ path: '/sessions/validate', kind: 'drop' })
    await settle(expiresAt.getTime() - Date.now() + 1_000)
    expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'expired' })
    expect(seen.filter((event) => event.name === 'expired')).toEqual([{ name: 'expired', at: expiresAt.getTime(), payload: { reason: 'expired' } }])
    // 12 simulated hours of dropped checks through msw: about a second alone, far more while other suites run.
  }, 60_000)

  it('a simulated day with 30 % of checks failing (5xx, drops, latency): zero false logouts, every real end noticed in time', async () => {
    const roll = random(8)
    const kinds = [
      { kind: 'error', status: 503 },
      { kind: 'error', status: 502 },
      { kind: 'drop' },
      { kind: 'latency', latencyMs: 4_000 },
    ] as const
    const { sessionId } = await existingSession(emulator)
    const { session } = store()
    const seen = record(session)
    const ends: { at: number; state: SessionState }[] = []
    let previous = session.getSnapshot().status
    session.subscribe((state) => {
      if (state.status === 'unauthenticated' && previous !== 'unauthenticated') ends.push({ at: Date.now(), state })
      previous = state.status
    })
    const planned: Record<number, () => Promise<void>> = {
      [3 * HOUR]: async () => void emulator.sessions.revoke(sessionId),
      [4 * HOUR]: () => loginInThisTab(emulator),
      // That session's 12 h lifetime ends at 16 h.
      [17 * HOUR]: () => loginInThisTab(emulator, 'bob@example.com'),
      [20 * HOUR]: () => session.logout(),
    }
    let failed = 0
    let checks = 0
    for (let t = 0; t < 24 * HOUR; t += 30_000) {
      await planned[t]?.()
      emulator.faults.clear()
      checks++
      if (roll() < 0.3) {
        failed++
        emulator.faults.inject({ path: '/sessions/validate', times: 1, ...kinds[Math.floor(roll() * kinds.length)]! })
      }
      await settle(30_000)
    }
    expect(failed / checks).toBeGreaterThan(0.25)
    expect(failed / checks).toBeLessThan(0.35)
    expect(ends.map(({ at, state }) => [Math.round((at - START) / MINUTE), state.status === 'unauthenticated' && state.reason])).toEqual([
      [expect.any(Number), 'revoked'],
      [16 * 60, 'expired'],
      [20 * 60, 'logged_out'],
    ])
    // The revocation was noticed within 2 minutes despite the failures.
    expect(ends[0]!.at - START - 3 * HOUR).toBeLessThanOrEqual(2 * MINUTE)
    expect(seen.map((event) => event.name)).toEqual(['expired', 'sessionCreated', 'expiring', 'expired', 'sessionCreated', 'loggedOut'])
  }, 120_000)
})
