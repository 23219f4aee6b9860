// @vitest-environment jsdom
import { Hanko, TechnicalError, UnauthorizedError } from '@teamhanko/hanko-frontend-sdk'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createHankoEmulator } from '../index.js'
import { hankoHandlers } from '../msw.js'
import { API, type Json } from './helpers.js'

/**
 * The real, unmodified Hanko SDK (3.0.0; it speaks XMLHttpRequest) against the emulator through msw, in
 * jsdom: the same requests, headers and JSON a browser exchanges with Hanko.
 */
const emulator = createHankoEmulator()
const server = setupServer(...hankoHandlers(emulator, { apiUrl: API }))
const DOCUMENT_EVENTS = ['hanko-session-created', 'hanko-session-expired', 'hanko-user-logged-out', 'hanko-user-deleted', 'hanko-after-state-change']

let events: { type: string; detail: Json }[]
function record(event: Event): void {
  const { detail } = event as CustomEvent
  events.push({ type: event.type, detail: event.type === 'hanko-after-state-change' ? (detail).state.name : detail })
}

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' })
  for (const type of DOCUMENT_EVENTS) document.addEventListener(type, record)
})
beforeEach(async () => {
  await emulator.reset()
  events = []
})
afterEach(() => {
  document.cookie = 'hanko=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
  localStorage.clear()
})
afterAll(() => {
  for (const type of DOCUMENT_EVENTS) document.removeEventListener(type, record)
  server.close()
})

/** A new SDK instance, as `register()` makes one; its session polling is far out of the way. */
function sdk(): Hanko {
  return new Hanko(API, { sessionCheckInterval: 3_600_000 })
}

async function login(hanko: Hanko, email: string): Promise<Json> {
  const init: Json = await hanko.createState('login')
  const passcode: Json = await init.actions.continue_with_login_identifier.run({ email })
  return passcode.actions.verify_passcode.run({ code: emulator.lastPasscode(email)! })
}

describe('@teamhanko/hanko-frontend-sdk against the emulator', () => {
  it('logs in with createState("login") through the passcode to success, firing Hanko’s events', async () => {
    const alice = emulator.users.create('alice@example.com')
    const hanko = sdk()
    const init: Json = await hanko.createState('login')
    expect(init.name).toBe('login_init')
    const passcode: Json = await init.actions.continue_with_login_identifier.run({ email: 'alice@example.com' })
    expect(passcode.name).toBe('passcode_confirmation')
    expect(passcode.payload).toEqual({})

    const wrong: Json = await passcode.actions.verify_passcode.run({ code: emulator.lastPasscode('alice@example.com') === '000000' ? '111111' : '000000' })
    expect(wrong.name).toBe('passcode_confirmation')
    expect(wrong.error.code).toBe('form_data_invalid_error')
    expect(wrong.actions.verify_passcode.inputs.code.error.code).toBe('passcode_invalid')

    const success: Json = await wrong.actions.verify_passcode.run({ code: emulator.lastPasscode('alice@example.com')! })
    expect(success.name).toBe('success')
    expect(success.payload.claims.subject).toBe(alice.id)
    expect(hanko.getSessionToken()).toMatch(/^eyJ/)
    expect(document.cookie).toContain(`hanko=${hanko.getSessionToken()}`)
    expect(JSON.parse(localStorage.getItem('hanko_session_state')!).expiration).toBe(Date.parse(success.payload.claims.expiration))

    expect(events.map((event): string => (event.type === 'hanko-after-state-change' ? String(event.detail) : event.type))).toEqual([
      'preflight',
      'login_init',
      'passcode_confirmation',
      'passcode_confirmation',
      'success',
      'hanko-session-created',
    ])
    const created = events.at(-1)!.detail
    expect(created.claims).toEqual(success.payload.claims)
  })

  it('registers with createState("registration") through the passcode to success', async () => {
    const hanko = sdk()
    const init: Json = await hanko.createState('registration')
    expect(init.name).toBe('registration_init')
    const passcode: Json = await init.actions.register_login_identifier.run({ email: 'bob@example.com' })
    const success: Json = await passcode.actions.verify_passcode.run({ code: emulator.lastPasscode('bob@example.com')! })
    expect(success.name).toBe('success')
    expect(emulator.users.get('bob@example.com')?.id).toBe(success.payload.user.id)
    expect(events.some((event) => event.type === 'hanko-session-created')).toBe(true)
  })

  it('validateSession(), getCurrentUser() and the deprecated getUser() read the session', async () => {
    const alice = emulator.users.create('alice@example.com')
    const hanko = sdk()
    await login(hanko, 'alice@example.com')
    const validation = await hanko.validateSession()
    expect(validation).toMatchObject({ is_valid: true, claims: { subject: alice.id, email: { address: 'alice@example.com' } } })
    expect(await hanko.getCurrentUser()).toMatchObject({ user_id: alice.id, emails: [{ address: 'alice@example.com', is_primary: true }] })
    expect(await hanko.getUser()).toMatchObject({ id: alice.id, email: 'alice@example.com' })
  })

  it('logout() ends the session and fires hanko-user-logged-out', async () => {
    emulator.users.create('alice@example.com')
    const hanko = sdk()
    await login(hanko, 'alice@example.com')
    const token = hanko.getSessionToken()
    await hanko.logout()
    expect(events.at(-1)?.type).toBe('hanko-user-logged-out')
    expect(hanko.getSessionToken()).toBeUndefined()
    expect(emulator.sessions.list()).toEqual([])
    expect(await hanko.validateSession()).toEqual({ is_valid: false })
    document.cookie = `hanko=${token}; path=/`
    expect(await hanko.validateSession()).toEqual({ is_valid: false })
  })

  it('getCurrentUser() after the session was revoked fires hanko-session-expired and throws UnauthorizedError', async () => {
    emulator.users.create('alice@example.com')
    const hanko = sdk()
    await login(hanko, 'alice@example.com')
    for (const session of emulator.sessions.list()) emulator.sessions.revoke(session.id)
    await expect(hanko.getCurrentUser()).rejects.toBeInstanceOf(UnauthorizedError)
    expect(events.at(-1)?.type).toBe('hanko-session-expired')
  })

  it('deleting the account in the profile flow fires hanko-user-deleted', async () => {
    emulator.users.create('alice@example.com')
    const hanko = sdk()
    await login(hanko, 'alice@example.com')
    const profile: Json = await hanko.createState('profile')
    expect(profile.name).toBe('profile_init')
    expect(profile.payload.sessions).toHaveLength(1)
    const deleted: Json = await profile.actions.account_delete.run()
    expect(deleted.name).toBe('account_deleted')
    expect(events.at(-1)?.type).toBe('hanko-user-deleted')
    expect(emulator.users.list()).toEqual([])
  })

  it('sees a dropped connection as a TechnicalError, as with a real outage', async () => {
    emulator.users.create('alice@example.com')
    const hanko = sdk()
    await login(hanko, 'alice@example.com')
    emulator.faults.inject({ path: '/sessions/validate', kind: 'drop', times: 1 })
    await expect(hanko.validateSession()).rejects.toBeInstanceOf(TechnicalError)
    expect((await hanko.validateSession()).is_valid).toBe(true)
  })
})
