// @vitest-environment jsdom
import { Hanko } from '@teamhanko/hanko-frontend-sdk'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createHankoEmulator } from '../index.js'
import { hankoHandlers } from '../msw.js'
import { API, type Json } from './helpers.js'

/**
 * Logging in twice in one test with the real SDK in jsdom. Hanko's logout answers with a deleting
 * `Set-Cookie: hanko=; Max-Age=0; HttpOnly; Secure`; jsdom's jar keeps such an expired cookie, and
 * its HttpOnly flag then blocks the SDK's `document.cookie` write of the next token.
 */
const emulator = createHankoEmulator()
const server = setupServer(...hankoHandlers(emulator, { apiUrl: API }))
/** jsdom's own XMLHttpRequest, before msw wraps it: it sends over node:http and keeps cookies in jsdom's jar. */
const jsdomXhr = globalThis.XMLHttpRequest

declare const jsdom: { cookieJar: { removeAllCookiesSync(): void; getCookiesSync(url: string, options: object): { key: string; httpOnly: boolean }[] } }

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
beforeEach(() => emulator.reset())
afterEach(() => {
  jsdom.cookieJar.removeAllCookiesSync()
  localStorage.clear()
})
afterAll(() => server.close())

async function login(hanko: Hanko, email: string): Promise<string | undefined> {
  const init: Json = await hanko.createState('login')
  const passcode: Json = await init.actions.continue_with_login_identifier.run({ email })
  const success: Json = await passcode.actions.verify_passcode.run({ code: emulator.lastPasscode(email)! })
  expect(success.name).toBe('success')
  return hanko.getSessionToken()
}

async function logInTwice(): Promise<void> {
  emulator.users.create('alice@example.com')
  const hanko = new Hanko(API, { sessionCheckInterval: 3_600_000 })
  const first = await login(hanko, 'alice@example.com')
  expect(first).toMatch(/^eyJ/)
  await hanko.logout()
  expect(hanko.getSessionToken()).toBeUndefined()
  const second = await login(hanko, 'alice@example.com')
  expect(second).toMatch(/^eyJ/)
  expect(second).not.toBe(first)
  expect(await hanko.validateSession()).toMatchObject({ is_valid: true })
  // Nothing HttpOnly may be left under the SDK's cookie name, at any scheme.
  expect(jsdom.cookieJar.getCookiesSync('https://localhost/', { http: true, expire: false }).filter((cookie) => cookie.httpOnly)).toEqual([])
}

describe('two logins in one test, with the SDK in jsdom and the msw handlers', () => {
  it('works when msw intercepts XMLHttpRequest (the recommended setup)', logInTwice)

  it('works when jsdom’s own XMLHttpRequest reaches msw over node:http and keeps the logout cookie', async () => {
    const intercepted = Object.getOwnPropertyDescriptor(globalThis, 'XMLHttpRequest')!
    Object.defineProperty(globalThis, 'XMLHttpRequest', { value: jsdomXhr, configurable: true, writable: true })
    try {
      await logInTwice()
    } finally {
      Object.defineProperty(globalThis, 'XMLHttpRequest', intercepted)
    }
  })
})
