import { describe, expect, it } from 'vitest'
import { START, existingSession, record, settle, store, useHanko } from './harness.js'

const { emulator } = useHanko({ sessionLifetime: '1h', idleTimeout: '5m' })
const MINUTE = 60_000

describe('expiry watcher with Hanko’s idle timeout', () => {
  it('authenticated with idleExpiresAt → idleWarning at idle_expires_at − 60 s → expired with reason idle_timeout', async () => {
    await existingSession(emulator)
    const { session } = store({ checkInterval: '1h' }, false)
    const seen = record(session)
    session.subscribe(() => {})
    await settle()
    const state = session.getSnapshot()
    if (state.status !== 'authenticated') throw new Error('not authenticated')
    expect(state.idleExpiresAt).toEqual(new Date(START + 5 * MINUTE))
    await settle(6 * MINUTE)
    expect(seen).toEqual([
      { name: 'idleWarning', at: START + 4 * MINUTE, payload: { idleExpiresAt: new Date(START + 5 * MINUTE) } },
      { name: 'expired', at: START + 5 * MINUTE + 1_000, payload: { reason: 'idle_timeout' } },
    ])
    expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'idle_timeout' })
  })

  it('a session used elsewhere (its idle deadline moved) is kept, and warned about again before the new deadline', async () => {
    const { token } = await existingSession(emulator)
    const { session } = store({ checkInterval: '1h', idleWarningLeadTime: '30s' }, false)
    const seen = record(session)
    session.subscribe(() => {})
    await settle(3 * MINUTE)
    // The app's backend used the session (GET /me refreshes Hanko's last_used).
    await emulator.fetch(new Request('http://localhost:8000/me', { headers: { authorization: `Bearer ${token}` } }))
    await settle(3 * MINUTE)
    expect(session.getSnapshot()).toMatchObject({ status: 'authenticated', idleExpiresAt: new Date(START + 8 * MINUTE) })
    await settle(3 * MINUTE)
    expect(seen.map(({ name, at }) => [name, at])).toEqual([
      ['idleWarning', START + 5 * MINUTE - 30_000],
      ['idleWarning', START + 8 * MINUTE - 30_000],
      ['expired', START + 8 * MINUTE + 1_000],
    ])
  })
})
