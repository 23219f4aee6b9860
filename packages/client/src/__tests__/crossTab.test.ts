import { Hanko } from '@teamhanko/hanko-frontend-sdk'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { HankoSessionClient } from '../HankoSessionClient.js'
import type { SessionCheckEvent } from '../HankoSessionOptions.js'
import { API, existingSession, loginInThisTab, settle, store, useHanko } from './harness.js'

const { emulator, validations } = useHanko()

const INTERVAL_MS = 30_000

/** Web Locks as a browser grants them: one holder per name, the others queued in order. Node has none. */
function memoryLocks(): { request: (name: string, callback: () => Promise<void> | void) => Promise<void>; requests: number } {
  const queues = new Map<string, (() => void)[]>()
  const locks = {
    requests: 0,
    request(name: string, callback: () => Promise<void> | void): Promise<void> {
      locks.requests++
      const queue = queues.get(name) ?? []
      queues.set(name, queue)
      return new Promise<void>((resolve, reject) => {
        const grant = (): void => {
          Promise.resolve()
            .then(callback)
            .then(resolve, reject)
            .finally(() => {
              queue.shift()
              queue[0]?.()
            })
        }
        queue.push(grant)
        if (queue.length === 1) grant()
      })
    },
  }
  return locks
}

function installLocks(): ReturnType<typeof memoryLocks> {
  const locks = memoryLocks()
  Object.defineProperty(navigator, 'locks', { value: locks, configurable: true })
  return locks
}

afterEach(() => {
  Reflect.deleteProperty(navigator, 'locks')
})

/** Lets BroadcastChannel messages (real event-loop turns, not fake timers) arrive, with no fake time passing. */
async function deliver(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 5; j++) await new Promise<void>((resolve) => setImmediate(resolve))
    await settle()
  }
}

/** A tab: a store with its events recorded and its checks' causes. */
function tab(options: { crossTab?: boolean; hanko?: Hanko } = {}): { session: HankoSessionClient; events: { name: string; payload: unknown }[]; checks: SessionCheckEvent['cause'][] } {
  const checks: SessionCheckEvent['cause'][] = []
  const { session, events } = store({ ...options, onCheck: ({ cause }) => checks.push(cause) })
  session.subscribe(() => {})
  return { session, events, checks }
}

/**
 * Runs `action` as if in one tab: Hanko's DOM events (`hanko-user-logged-out`, …) stay in that tab's
 * document instead of reaching every store that shares this test's document. (The SDK binds
 * `document.dispatchEvent` when it is made, so the events are stopped on their way, at the window.)
 */
async function inOneTab(action: () => Promise<void>): Promise<void> {
  const types = ['hanko-session-created', 'hanko-session-expired', 'hanko-user-logged-out', 'hanko-user-deleted', 'hanko-before-state-change', 'hanko-after-state-change']
  const stop = (event: Event): void => event.stopImmediatePropagation()
  for (const type of types) window.addEventListener(type, stop, true)
  try {
    await action()
  } finally {
    for (const type of types) window.removeEventListener(type, stop, true)
  }
}

/** Advances fake time interval by interval, letting each interval's messages arrive. */
async function idle(intervals: number): Promise<void> {
  for (let i = 0; i < intervals; i++) {
    await settle(INTERVAL_MS)
    await deliver()
  }
}

describe('cross-tab (Web Locks)', () => {
  it('three idle tabs: one leader checks for all, ≤ 1.00 /sessions/validate per checkInterval', async () => {
    installLocks()
    await existingSession(emulator)
    const tabs = [tab(), tab(), tab()]
    await deliver()
    for (const { session } of tabs) expect(session.getSnapshot().status).toBe('authenticated')
    const before = validations()
    await idle(10)
    expect((validations() - before) / 10).toBeLessThanOrEqual(1)
    expect(validations() - before).toBe(10)
    // The first tab took the lock; the others never ran a periodic check.
    expect(tabs[0]!.checks.filter((cause) => cause === 'interval')).toHaveLength(10)
    expect(tabs[1]!.checks).toEqual(['start'])
    expect(tabs[2]!.checks).toEqual(['start'])
  })

  it('the leader keeps checking while its tab is hidden (the other tabs rely on it)', async () => {
    installLocks()
    await existingSession(emulator)
    const [a] = [tab(), tab()]
    await deliver()
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
    try {
      const before = validations()
      await idle(3)
      expect(validations() - before).toBe(3)
      expect(a.checks.filter((cause) => cause === 'interval')).toHaveLength(3)
    } finally {
      Reflect.deleteProperty(document, 'visibilityState')
    }
  })

  it('followers learn a revocation from the leader\'s check, with no request of their own', async () => {
    installLocks()
    const { sessionId } = await existingSession(emulator)
    const tabs = [tab(), tab(), tab()]
    await deliver()
    emulator.sessions.revoke(sessionId)
    const before = validations()
    await idle(1)
    expect(validations() - before).toBe(1)
    for (const { session, events } of tabs) {
      expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'revoked' })
      expect(events).toEqual([{ name: 'expired', payload: { reason: 'revoked' } }])
    }
  })

  it('a logout in one tab signs the others out as logged_out (loggedOut, not expired) with no fake time passing', async () => {
    installLocks()
    await existingSession(emulator)
    const [a, b, c] = [tab(), tab(), tab()]
    await deliver()
    const at = Date.now()
    const before = validations()
    await inOneTab(() => b.session.logout())
    await deliver()
    expect(Date.now() - at).toBe(0)
    expect(validations() - before).toBe(0)
    for (const { session, events } of [a, b, c]) {
      expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'logged_out' })
      expect(events.map((event) => event.name)).toEqual(['loggedOut'])
    }
  })

  it('a session one tab finds reaches the signed-out tabs as sessionCreated, with no request of theirs', async () => {
    installLocks()
    const [a, b] = [tab(), tab()]
    await deliver()
    expect(b.session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'never_authenticated' })
    // A login none of the open tabs saw (its DOM events stay in a tab that then closed).
    await inOneTab(() => loginInThisTab(emulator))
    await settle(5_000)
    const before = validations()
    const c = tab()
    await deliver()
    expect(validations() - before).toBe(1)
    const userId = emulator.users.get('alice@example.com')!.id
    for (const { session, events } of [a, b]) {
      expect(session.getSnapshot()).toMatchObject({ status: 'authenticated', user: { id: userId } })
      expect(events).toEqual([{ name: 'sessionCreated', payload: expect.objectContaining({ user: expect.objectContaining({ id: userId }) }) }])
    }
    expect(c.checks).toEqual(['start'])
  })

  it('a check that crossed another tab\'s logout does not sign the tabs back in', async () => {
    installLocks()
    await existingSession(emulator)
    const hanko = new Hanko(API, { sessionCheckInterval: 2_147_483_647 })
    const [a, b, c] = [tab({ hanko }), tab(), tab()]
    await deliver()
    // The leader's next check gets "valid" from Hanko, but its answer is held until after the logout.
    let answer!: () => void
    const held = new Promise<void>((resolve) => (answer = resolve))
    const validate = hanko.validateSession.bind(hanko)
    vi.spyOn(hanko, 'validateSession').mockImplementationOnce(async () => {
      const response = await validate()
      await held
      return response
    })
    await idle(1)
    vi.setSystemTime(Date.now() + 1_000)
    await inOneTab(() => b.session.logout())
    vi.setSystemTime(Date.now() + 5)
    answer()
    await settle()
    await deliver()
    for (const { session, events } of [a, b, c]) {
      expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'logged_out' })
      expect(events.map((event) => event.name)).toEqual(['loggedOut'])
    }
  })

  it('hands over: when the leader\'s store is destroyed, another tab takes the lock and checks', async () => {
    installLocks()
    await existingSession(emulator)
    const [a, b, c] = [tab(), tab(), tab()]
    await deliver()
    a.session.destroy()
    await deliver()
    const before = validations()
    await idle(4)
    expect(validations() - before).toBe(4)
    expect(b.checks.filter((cause) => cause === 'interval')).toHaveLength(4)
    expect(c.checks).toEqual(['start'])
    expect(c.session.getSnapshot().status).toBe('authenticated')
  })

  it('ignores a message older than what the tab knows, and applies a newer one', async () => {
    installLocks()
    await existingSession(emulator)
    const { session, events } = tab()
    await deliver()
    const channel = new BroadcastChannel('hanko-session:tabs')
    channel.postMessage({ revision: Date.now() - 60_000, state: { status: 'unauthenticated', reason: 'logged_out', authenticating: false, stale: false } })
    await deliver()
    expect(session.getSnapshot().status).toBe('authenticated')
    channel.postMessage({ revision: Date.now() + 1, state: { status: 'unauthenticated', reason: 'logged_out', authenticating: false, stale: false } })
    await deliver()
    channel.close()
    expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'logged_out' })
    expect(events.map((event) => event.name)).toEqual(['loggedOut'])
  })

  it('an account deleted in another tab → userDeleted and reason user_deleted', async () => {
    installLocks()
    await existingSession(emulator)
    const { session, events } = tab()
    await deliver()
    const channel = new BroadcastChannel('hanko-session:tabs')
    channel.postMessage({ revision: Date.now() + 1, state: { status: 'unauthenticated', reason: 'user_deleted', authenticating: false, stale: false } })
    await deliver()
    channel.close()
    expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'user_deleted' })
    expect(events).toEqual([{ name: 'userDeleted', payload: { reason: 'user_deleted' } }])
  })

  it('is lazy: no channel and no lock before the first subscriber; both released after the last', async () => {
    const locks = installLocks()
    const opened = vi.fn()
    const closed = vi.fn()
    const Native = BroadcastChannel
    vi.stubGlobal(
      'BroadcastChannel',
      class extends Native {
        constructor(name: string) {
          super(name)
          opened(name)
        }
        override close(): void {
          closed()
          super.close()
        }
      },
    )
    try {
      await existingSession(emulator)
      const { session } = store({}, false)
      const other = store({}, false).session
      await settle()
      expect(opened).not.toHaveBeenCalled()
      expect(locks.requests).toBe(0)
      const unsubscribe = session.subscribe(() => {})
      expect(opened).toHaveBeenCalledWith('hanko-session:tabs')
      expect(locks.requests).toBe(1)
      other.on('change', () => {})
      await deliver()
      unsubscribe()
      expect(closed).toHaveBeenCalledTimes(1)
      await deliver()
      // The lock went to the other tab, which now checks.
      const before = validations()
      await idle(2)
      expect(validations() - before).toBe(2)
    } finally {
      vi.unstubAllGlobals()
    }
  })
})

describe('cross-tab without Web Locks (fallback: every tab checks)', () => {
  it('every tab checks on its own (≤ 1 validate per tab per interval), and results still reach the others', async () => {
    await existingSession(emulator)
    const [a, b, c] = [tab(), tab(), tab()]
    await deliver()
    const before = validations()
    await idle(4)
    // At most one a tab. (Here one: a tab's answer arrives before the others' checks fall due and
    // postpones them; in a browser, tabs whose timers are closer than a request's latency both check.)
    expect(validations() - before).toBeLessThanOrEqual(3 * 4)
    await inOneTab(() => c.session.logout())
    await deliver()
    for (const { session, events } of [a, b, c]) {
      expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'logged_out' })
      expect(events.map((event) => event.name)).toEqual(['loggedOut'])
    }
  })
})

describe('crossTab: false', () => {
  it('keeps to itself: checks on its own, and hears of a logout elsewhere only from Hanko (revoked, not loggedOut)', async () => {
    installLocks()
    await existingSession(emulator)
    const alone = tab({ crossTab: false })
    const other = tab()
    await deliver()
    await idle(2)
    // It checks on its own schedule, as a single tab does, beside the leader.
    expect(alone.checks.filter((cause) => cause === 'interval')).toHaveLength(2)
    await inOneTab(() => other.session.logout())
    await deliver()
    expect(alone.session.getSnapshot().status).toBe('authenticated')
    // Its own next check finds the session gone: to this tab it was revoked, not a logout.
    await idle(1)
    expect(alone.session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'revoked' })
    expect(alone.events).toEqual([{ name: 'expired', payload: { reason: 'revoked' } }])
  })
})
