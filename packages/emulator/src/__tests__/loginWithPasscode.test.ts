import { createSessionVerifier } from '@hanko-session/core'
import { describe, expect, it } from 'vitest'
import type { HankoEmulator } from '../index.js'
import { API, bearer, call, fixedClock, freshEmulator } from './helpers.js'

const now = fixedClock()

/** core's `fetch` option, served by the emulator in-process: the token is checked as an app backend checks Hanko's. */
function verifierFor(hanko: HankoEmulator) {
  return createSessionVerifier({
    apiUrl: API,
    audience: 'localhost',
    now: hanko.clock.now,
    fetch: (input, init) => hanko.fetch(new Request(input, init)),
  })
}

describe('emulator.loginWithPasscode()', () => {
  it('logs a known user in through the Flow API and returns a token that @hanko-session/core accepts', async () => {
    const hanko = await freshEmulator({ now })
    const alice = hanko.users.create('alice@example.com')
    const login = await hanko.loginWithPasscode('Alice@Example.com')
    expect(login).toEqual({ token: expect.stringMatching(/^eyJ/), userId: alice.id, sessionId: expect.any(String), expiresAt: new Date(now() + 43_200_000), flow: 'login' })
    const session = await verifierFor(hanko).verify(login.token)
    expect(session).toMatchObject({ userId: alice.id, sessionId: login.sessionId, expiresAt: login.expiresAt, email: { address: 'alice@example.com' } })
    expect(hanko.sessions.list()).toEqual([expect.objectContaining({ id: login.sessionId, userId: alice.id, userAgent: 'hanko-emulator' })])
    expect((await call(hanko, '/me', { headers: bearer(login.token) })).body.id).toBe(alice.id)
  })

  it('registers an unknown address through the registration flow, unless register is false', async () => {
    const hanko = await freshEmulator({ now })
    await expect(hanko.loginWithPasscode('bob@example.com', { register: false })).rejects.toMatchObject({ name: 'EmulatorError', code: 'ERR_INVALID_ARGUMENT' })
    expect(hanko.users.list()).toEqual([])
    const login = await hanko.loginWithPasscode('bob@example.com')
    expect(login.flow).toBe('registration')
    expect(hanko.users.get('bob@example.com')?.id).toBe(login.userId)
    expect((await hanko.loginWithPasscode('bob@example.com', { register: false })).flow).toBe('login')
  })

  it('takes the token from the HttpOnly cookie in cookie mode, as the browser gets it', async () => {
    const hanko = await freshEmulator({ now, tokenDelivery: 'cookie', sessionLifetime: '1h' })
    const login = await hanko.loginWithPasscode('alice@example.com')
    expect(login.expiresAt).toEqual(new Date(now() + 3_600_000))
    await expect(verifierFor(hanko).verify(login.token)).resolves.toMatchObject({ sessionId: login.sessionId })
  })

  it('skips passkey onboarding and goes through injected faults like a browser', async () => {
    const hanko = await freshEmulator({ now, passkeyOnboarding: true })
    await expect(hanko.loginWithPasscode('alice@example.com')).resolves.toMatchObject({ flow: 'registration' })
    hanko.faults.inject({ path: '/login*', kind: 'drop', times: 1 })
    await expect(hanko.loginWithPasscode('alice@example.com')).rejects.toMatchObject({ code: 'ERR_LOGIN_FAILED', message: expect.stringContaining('network error') })
    hanko.faults.inject({ path: '/login*', kind: 'error', status: 503, times: 1 })
    await expect(hanko.loginWithPasscode('alice@example.com')).rejects.toMatchObject({ code: 'ERR_LOGIN_FAILED' })
    await expect(hanko.loginWithPasscode('alice@example.com')).resolves.toMatchObject({ flow: 'login' })
  })

  it('meets Hanko’s passcode rate limit with ERR_LIMIT_REACHED that says what to do', async () => {
    const hanko = await freshEmulator({ now })
    for (let login = 0; login < 3; login++) await hanko.loginWithPasscode('alice@example.com')
    await expect(hanko.loginWithPasscode('alice@example.com')).rejects.toMatchObject({ code: 'ERR_LIMIT_REACHED', message: expect.stringContaining('passcodeRateLimit: 0') })
    hanko.clock.advance('1m')
    await expect(hanko.loginWithPasscode('alice@example.com')).resolves.toMatchObject({ flow: 'login' })
    const unlimited = await freshEmulator({ now, passcodeRateLimit: 0 })
    for (let login = 0; login < 5; login++) await unlimited.loginWithPasscode('alice@example.com')
    expect(unlimited.sessions.list()).toHaveLength(5)
  })

  it('refuses what is not an email address, and options of the wrong type', async () => {
    const hanko = await freshEmulator({ now })
    for (const email of ['', 'alice', 42, null]) {
      await expect(hanko.loginWithPasscode(email as never)).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' })
    }
    for (const options of [null, { register: 'yes' }, { userAgent: 5 }, { userAgent: 'x'.repeat(513) }]) {
      await expect(hanko.loginWithPasscode('alice@example.com', options as never)).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' })
    }
    expect(hanko.users.list()).toEqual([])
  })
})

describe('POST /__emulator/login', () => {
  it('logs in over HTTP and answers with the token, ids and expiry', async () => {
    const hanko = await freshEmulator({ now })
    const answer = await call(hanko, '/__emulator/login', { json: { email: 'alice@example.com' } })
    expect(answer).toMatchObject({ status: 201, body: { token: expect.stringMatching(/^eyJ/), flow: 'registration', expiresAt: new Date(now() + 43_200_000).toISOString() } })
    const session = await verifierFor(hanko).verify(answer.body.token)
    expect(session).toMatchObject({ userId: answer.body.userId, sessionId: answer.body.sessionId })
    expect((await call(hanko, '/__emulator')).body.routes).toContainEqual(expect.stringMatching(/^POST +\/__emulator\/login +\{"email", "register"\?\}$/))
  })

  it('says what was wrong with a 4xx or 502 and Hanko-style error body', async () => {
    const hanko = await freshEmulator({ now })
    expect(await call(hanko, '/__emulator/login', { json: {} })).toMatchObject({ status: 400, body: { error: 'ERR_INVALID_ARGUMENT' } })
    expect(await call(hanko, '/__emulator/login', { json: { email: 'bob@example.com', register: 'no' } })).toMatchObject({ status: 400, body: { error: 'ERR_INVALID_ARGUMENT' } })
    expect(await call(hanko, '/__emulator/login', { json: { email: 'bob@example.com', register: false } })).toMatchObject({ status: 400, body: { error: 'ERR_INVALID_ARGUMENT' } })
    hanko.faults.inject({ path: '/registration', kind: 'drop' })
    expect(await call(hanko, '/__emulator/login', { json: { email: 'bob@example.com' } })).toMatchObject({ status: 502, body: { code: 502, error: 'ERR_LOGIN_FAILED' } })
    expect((await call(hanko, '/__emulator/login', { method: 'POST' })).status).toBe(400)
    expect((await call(hanko, '/__emulator/login', { method: 'GET' })).status).toBe(405)
  })
})
