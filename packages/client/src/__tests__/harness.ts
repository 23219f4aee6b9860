import { createHankoEmulator, type HankoEmulator } from '@hanko-session/emulator'
import { hankoHandlers } from '@hanko-session/emulator/msw'
import { Hanko } from '@teamhanko/hanko-frontend-sdk'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest'
import { createHankoSession } from '../createHankoSession.js'
import type { HankoSessionClient } from '../HankoSessionClient.js'
import type { HankoSessionOptions } from '../HankoSessionOptions.js'
import type { SessionEvents } from '../SessionEvents.js'

export const API = 'http://localhost:8000'
/** A whole second, so `iat` (whole seconds) is exactly the emulator's clock. */
export const START = Date.parse('2026-12-01T10:00:00Z')

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- flow states as the tests drive them
type Json = any

declare const jsdom: { cookieJar: { removeAllCookiesSync(): void } }

/** Emulator clock minus the browser's clock; tests set it for skew. */
export const skew = { ms: 0 }

/**
 * The emulator behind msw, the real Hanko SDK in jsdom, fake timers for `setTimeout` and `Date`,
 * and a count of `/sessions/validate` requests. Call once per test file.
 */
export function useHanko(emulatorOptions: Parameters<typeof createHankoEmulator>[0] = {}): {
  emulator: HankoEmulator
  validations: () => number
} {
  const emulator = createHankoEmulator({ ...emulatorOptions, now: () => Date.now() + skew.ms })
  const server = setupServer(...hankoHandlers(emulator, { apiUrl: API }))
  let validations = 0
  server.events.on('request:start', ({ request }) => {
    if (new URL(request.url).pathname === '/sessions/validate' && request.method === 'GET') validations++
  })
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
    vi.setSystemTime(START)
    skew.ms = 0
    await emulator.reset()
    validations = 0
  })
  afterEach(() => {
    for (const store of stores.splice(0)) store.destroy()
    vi.useRealTimers()
    if (typeof jsdom !== 'undefined') jsdom.cookieJar.removeAllCookiesSync()
    document.cookie = 'hanko=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
    localStorage.clear()
  })
  afterAll(() => server.close())
  return { emulator, validations: () => validations }
}

const stores: HankoSessionClient[] = []

/** A store on the emulator, destroyed after the test; records its events in order unless `record` is false. */
export function store(options: Partial<HankoSessionOptions> = {}, record = true): { session: HankoSessionClient; events: { name: keyof SessionEvents; payload: unknown }[] } {
  const session = createHankoSession({ apiUrl: API, ...options } as HankoSessionOptions)
  stores.push(session)
  const events: { name: keyof SessionEvents; payload: unknown }[] = []
  if (record) for (const name of ['authFlowCompleted', 'sessionCreated', 'expiring', 'idleWarning', 'expired', 'loggedOut', 'userDeleted'] as const) {
    session.on(name, (payload) => events.push({ name, payload }))
  }
  return { session, events }
}

/** A session issued before the page loaded, as the SDK keeps it in header mode: the `hanko` cookie. */
export async function existingSession(emulator: HankoEmulator, email = 'alice@example.com'): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const login = await emulator.loginWithPasscode(email)
  document.cookie = `hanko=${login.token}; path=/`
  return login
}

/** A passcode login through the real SDK's Flow API in this tab, as `<hanko-auth>` runs it. */
export async function loginInThisTab(emulator: HankoEmulator, email = 'alice@example.com'): Promise<void> {
  if (emulator.users.get(email) === undefined) emulator.users.create(email)
  const hanko = new Hanko(API, { sessionCheckInterval: 2_147_483_647 })
  const init: Json = await hanko.createState('login')
  const passcode: Json = await init.actions.continue_with_login_identifier.run({ email })
  const success: Json = await passcode.actions.verify_passcode.run({ code: emulator.lastPasscode(email)! })
  if (success.name !== 'success') throw new Error(`login ended in ${String(success.name)}`)
}

/** Each watched event with the local time the store emitted it at. */
export function record(session: HankoSessionClient): { name: string; at: number; payload: unknown }[] {
  const seen: { name: string; at: number; payload: unknown }[] = []
  for (const name of ['expiring', 'idleWarning', 'expired', 'sessionCreated', 'loggedOut'] as const) session.on(name, (payload) => seen.push({ name, at: Date.now(), payload }))
  return seen
}

/** Lets pending requests and promise chains finish, moving fake time by `ms` (default: none). */
export async function settle(ms = 0): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms)
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => queueMicrotask(resolve))
  await vi.advanceTimersByTimeAsync(0)
}
