// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { existingSession, loginInThisTab, record, settle, store, useHanko } from './harness.js'

/** The main scenario again in happy-dom, the other DOM Vitest users run component tests in. */
const { emulator, validations } = useHanko({ sessionLifetime: '10m' })

describe('createHankoSession in happy-dom', () => {
  it('mount → authenticated → expiring → expired → signed out', async () => {
    const { expiresAt } = await existingSession(emulator)
    const { session } = store({ checkInterval: '1h' }, false)
    const seen = record(session)
    session.subscribe(() => {})
    await settle()
    expect(session.getSnapshot().status).toBe('authenticated')
    await settle(11 * 60_000)
    expect(seen.map(({ name, at }) => [name, at])).toEqual([
      ['expiring', expiresAt.getTime() - 60_000],
      ['expired', expiresAt.getTime()],
    ])
    expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'expired' })
    expect(validations()).toBe(2)
  })

  it('a login in this tab, then logout()', async () => {
    const { session, events } = store()
    session.subscribe(() => {})
    await settle()
    await loginInThisTab(emulator)
    await settle()
    expect(session.getSnapshot().status).toBe('authenticated')
    await session.logout()
    expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'logged_out' })
    expect(events.map((event) => event.name)).toEqual(['authFlowCompleted', 'sessionCreated', 'loggedOut'])
  })
})
