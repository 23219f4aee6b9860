import { Hanko } from '@teamhanko/hanko-frontend-sdk'
import { describe, expect, it, vi } from 'vitest'
import type { SessionState } from '../SessionState.js'
import { API, existingSession, loginInThisTab, settle, store, useHanko } from './harness.js'

const { emulator, validations } = useHanko()

describe('createHankoSession: state and contract', () => {
  it('is inert until the first subscriber: no request, the server snapshot as state', async () => {
    await existingSession(emulator)
    const { session } = store({}, false)
    await settle(60_000)
    expect(validations()).toBe(0)
    expect(session.getSnapshot()).toBe(session.getServerSnapshot())
    expect(session.getSnapshot()).toEqual({ status: 'loading', authenticating: false, stale: false })
  })

  it('mount → authenticated: calls the listener at once, then with the confirmed session', async () => {
    const { sessionId, expiresAt } = await existingSession(emulator)
    const { session, events } = store()
    const seen: SessionState[] = []
    session.subscribe((state) => seen.push(state))
    expect(seen).toHaveLength(1)
    expect(seen[0]!.status).toBe('loading')
    await settle()
    const state = session.getSnapshot()
    expect(state).toMatchObject({ status: 'authenticated', user: { id: emulator.users.get('alice@example.com')!.id, email: 'alice@example.com' }, stale: false, authenticating: false })
    if (state.status !== 'authenticated') throw new Error('not authenticated')
    expect(state.claims.session_id).toBe(sessionId)
    expect(state.expiresAt).toEqual(expiresAt)
    expect(seen.map((s) => s.status)).toEqual(['loading', 'authenticated'])
    // Restoring a session on load is not a new session.
    expect(events).toEqual([])
  })

  it('keeps the same snapshot object when a check finds nothing new', async () => {
    await existingSession(emulator)
    const { session } = store()
    const listener = vi.fn()
    session.subscribe(listener)
    await settle()
    const first = session.getSnapshot()
    await settle(30_000)
    await settle(30_000)
    expect(validations()).toBe(3)
    expect(session.getSnapshot()).toBe(first)
    expect(listener).toHaveBeenCalledTimes(2)
  })

  it('no session → unauthenticated with reason never_authenticated, and no expired event', async () => {
    const { session, events } = store()
    session.subscribe(() => {})
    await settle()
    expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'never_authenticated' })
    expect(events).toEqual([])
    // Signed out, the store does not poll: logins arrive as Hanko's events.
    await settle(120_000)
    expect(validations()).toBe(1)
  })

  it('a login in this tab (the Flow API, as <hanko-auth> drives it) → authenticating, authFlowCompleted, sessionCreated, authenticated', async () => {
    const { session, events } = store()
    const authenticating: boolean[] = []
    session.subscribe((state) => authenticating.push(state.authenticating))
    await settle()
    expect(session.getSnapshot().status).toBe('unauthenticated')
    await loginInThisTab(emulator)
    await settle()
    const userId = emulator.users.get('alice@example.com')!.id
    expect(authenticating).toContain(true)
    expect(session.getSnapshot()).toMatchObject({ status: 'authenticated', authenticating: false, user: { id: userId } })
    expect(events.map((event) => event.name)).toEqual(['authFlowCompleted', 'sessionCreated'])
    expect(events[0]!.payload).toEqual({ flowName: 'login', userId })
    expect(events[1]!.payload).toMatchObject({ user: { id: userId, email: 'alice@example.com' } })
    // The flow's own answer confirmed the session: no extra check.
    expect(validations()).toBe(1)
  })

  it('logout() → loggedOut and reason logged_out; Hanko has no session left', async () => {
    await existingSession(emulator)
    const { session, events } = store()
    session.subscribe(() => {})
    await settle()
    await session.logout()
    expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'logged_out' })
    expect(events.map((event) => event.name)).toEqual(['loggedOut'])
    expect(emulator.sessions.list()).toEqual([])
  })

  it('a logout Hanko does not confirm (5xx) still signs this tab out, with ERR_LOGOUT_FAILED in state', async () => {
    await existingSession(emulator)
    const { session, events } = store()
    session.subscribe(() => {})
    await settle()
    emulator.faults.inject({ path: '/logout', kind: 'error', status: 503, times: 1 })
    await session.logout()
    expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'logged_out', error: { code: 'ERR_LOGOUT_FAILED' } })
    expect(events.map((event) => event.name)).toEqual(['loggedOut'])
  })

  it('a logout through the SDK elsewhere on the page (hanko-user-logged-out) signs the store out', async () => {
    await existingSession(emulator)
    const { session, events } = store()
    session.subscribe(() => {})
    await settle()
    await new Hanko(API, { sessionCheckInterval: 2_147_483_647 }).logout()
    expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'logged_out' })
    expect(events.map((event) => event.name)).toEqual(['loggedOut'])
  })

  it('a revoked session → expired with reason revoked at the next check', async () => {
    const { sessionId } = await existingSession(emulator)
    const { session, events } = store()
    session.subscribe(() => {})
    await settle()
    emulator.sessions.revoke(sessionId)
    await settle(29_000)
    expect(session.getSnapshot().status).toBe('authenticated')
    await settle(1_000)
    expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'revoked' })
    expect(events).toEqual([{ name: 'expired', payload: { reason: 'revoked' } }])
  })

  it('hanko-session-expired from the SDK only triggers a check: a valid session stays', async () => {
    await existingSession(emulator)
    const { session, events } = store()
    session.subscribe(() => {})
    await settle()
    const before = validations()
    document.dispatchEvent(new CustomEvent('hanko-session-expired', { detail: null }))
    await settle()
    expect(validations()).toBe(before + 1)
    expect(session.getSnapshot().status).toBe('authenticated')
    expect(events).toEqual([])
  })

  it('account deletion in the profile flow → userDeleted and reason user_deleted', async () => {
    await existingSession(emulator)
    const { session, events } = store()
    session.subscribe(() => {})
    await settle()
    const hanko = new Hanko(API, { sessionCheckInterval: 2_147_483_647 })
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the profile flow as the elements drive it
    const profile: any = await hanko.createState('profile')
    await profile.actions.account_delete.run()
    expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'user_deleted' })
    expect(events.map((event) => event.name)).toEqual(['userDeleted'])
  })

  it('starts on the first subscriber and stops on the last: no requests and no timers after', async () => {
    await existingSession(emulator)
    const { session } = store({}, false)
    const unsubscribe = session.subscribe(() => {})
    const off = session.on('expired', () => {})
    await settle()
    expect(validations()).toBe(1)
    unsubscribe()
    unsubscribe()
    await settle(60_000)
    // The `on` listener still holds it.
    expect(validations()).toBe(3)
    off()
    await settle(600_000)
    expect(validations()).toBe(3)
    expect(vi.getTimerCount()).toBe(0)
    expect(session.getSnapshot().status).toBe('authenticated')
  })

  it('once() fires one time; on() returns a working unsubscribe', async () => {
    await existingSession(emulator)
    const { session } = store({ checkInterval: '10s' })
    const once = vi.fn()
    const on = vi.fn()
    session.once('change', once)
    const off = session.on('change', on)
    await settle()
    off()
    await session.logout()
    expect(once).toHaveBeenCalledTimes(1)
    expect(on).toHaveBeenCalledTimes(1)
  })

  it('a throwing listener neither breaks the store nor the other listeners', async () => {
    await existingSession(emulator)
    const reported = vi.fn()
    vi.stubGlobal('reportError', reported)
    const { session } = store()
    const other = vi.fn()
    session.subscribe((state) => {
      if (state.status !== 'loading') throw new Error('listener bug')
    })
    session.subscribe(other)
    await settle()
    expect(session.getSnapshot().status).toBe('authenticated')
    expect(other).toHaveBeenLastCalledWith(session.getSnapshot())
    expect(reported).toHaveBeenCalledWith(expect.objectContaining({ message: 'listener bug' }))
  })

  it('refuses options it cannot use with ERR_INVALID_OPTIONS', async () => {
    const { createHankoSession } = await import('../createHankoSession.js')
    expect(() => createHankoSession({ apiUrl: '' })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS' }))
    expect(() => createHankoSession({ apiUrl: API, checkInterval: '30 seconds' })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', message: expect.stringContaining('checkInterval') }))
  })
})
