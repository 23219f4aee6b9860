import { Hanko } from '@teamhanko/hanko-frontend-sdk'
import { describe, expect, it, vi } from 'vitest'
import { createHankoSession } from '../createHankoSession.js'
import { sessionSnapshot } from '../sessionSnapshot.js'
import { API, existingSession, loginInThisTab, settle, store, useHanko } from './harness.js'

const { emulator, validations } = useHanko()

function setVisibility(state: 'visible' | 'hidden'): void {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true })
  document.dispatchEvent(new Event('visibilitychange'))
}

describe('the store in a page', () => {
  it('one poller per tab: the store alone makes one /sessions/validate per checkInterval after a login', async () => {
    const { session } = store()
    session.subscribe(() => {})
    await settle()
    await loginInThisTab(emulator)
    await settle()
    const after = validations()
    await settle(10 * 60_000)
    expect(validations() - after).toBe(20)
  })

  it('works on an existing Hanko instance ({ hanko }), e.g. the one register() of hanko-elements returns', async () => {
    await existingSession(emulator)
    const hanko = new Hanko(API, { sessionCheckInterval: 2_147_483_647 })
    const validate = vi.spyOn(hanko, 'validateSession')
    const session = createHankoSession({ hanko })
    session.subscribe(() => {})
    await settle()
    expect(session.getSnapshot().status).toBe('authenticated')
    expect(validate).toHaveBeenCalledTimes(1)
    await session.logout()
    expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'logged_out' })
    session.destroy()
  })

  it('a hidden tab does not poll; showing it again checks once if a check is due', async () => {
    await existingSession(emulator)
    const { session } = store()
    session.subscribe(() => {})
    await settle()
    setVisibility('hidden')
    await settle(5 * 60_000)
    expect(validations()).toBe(1)
    setVisibility('visible')
    await settle()
    expect(validations()).toBe(2)
  })

  it('focus and pageshow are rate-limited: no check when the last one is recent', async () => {
    await existingSession(emulator)
    const { session } = store()
    session.subscribe(() => {})
    await settle(10_000)
    window.dispatchEvent(new Event('focus'))
    window.dispatchEvent(new Event('pageshow'))
    await settle()
    expect(validations()).toBe(1)
    await settle(20_000)
    expect(validations()).toBe(2)
  })

  it('hydrate() is ignored once this tab has confirmed a session with Hanko', async () => {
    await existingSession(emulator)
    const { session } = store()
    session.subscribe(() => {})
    await settle()
    const confirmed = session.getSnapshot()
    session.hydrate(sessionSnapshot(null))
    expect(session.getSnapshot()).toBe(confirmed)
    expect(session.getServerSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'never_authenticated' })
  })
})
