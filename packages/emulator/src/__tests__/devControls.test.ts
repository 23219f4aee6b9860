import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHankoEmulator, isEmulatorError } from '../index.js'
import { act, bearer, call, fixedClock, freshEmulator, startFlow } from './helpers.js'

const now = fixedClock()

describe('dev routes under /__emulator', () => {
  it('list themselves', async () => {
    const hanko = await freshEmulator({ now })
    const index = await call(hanko, '/__emulator')
    expect(index.body.routes).toContain('GET    /__emulator/passcodes/last?email=…')
  })

  it('read the last passcode of an address, and 404 when none was mailed', async () => {
    const hanko = await freshEmulator({ now })
    hanko.users.create('alice@example.com')
    const init = await startFlow(hanko, 'login')
    await act(hanko, init.body, 'continue_with_login_identifier', { email: 'alice@example.com' })
    const passcode = await call(hanko, '/__emulator/passcodes/last?email=Alice%40example.com')
    expect(passcode.body).toEqual({ email: 'Alice@example.com', code: hanko.lastPasscode('alice@example.com') })
    expect((await call(hanko, '/__emulator/passcodes/last?email=bob%40example.com')).status).toBe(404)
  })

  it('create, list and delete users', async () => {
    const hanko = await freshEmulator({ now })
    const created = await call(hanko, '/__emulator/users', { json: { email: 'alice@example.com' } })
    expect(created).toMatchObject({ status: 201, body: { email: 'alice@example.com', createdAt: '2026-01-15T09:00:00.000Z' } })
    expect(await call(hanko, '/__emulator/users', { json: { email: 'alice@example.com' } })).toMatchObject({
      status: 409,
      body: { error: 'ERR_EMAIL_TAKEN' },
    })
    expect(await call(hanko, '/__emulator/users', { json: { email: 'nope' } })).toMatchObject({ status: 400, body: { error: 'ERR_INVALID_ARGUMENT' } })
    expect((await call(hanko, '/__emulator/users')).body.users).toHaveLength(1)
    expect((await call(hanko, `/__emulator/users/${created.body.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await call(hanko, `/__emulator/users/${created.body.id}`, { method: 'DELETE' })).status).toBe(404)
  })

  it('mint, list, expire and revoke sessions', async () => {
    const hanko = await freshEmulator({ now, idleTimeout: 1800 })
    const minted = await call(hanko, '/__emulator/sessions', { json: { email: 'alice@example.com', claims: { role: 'admin' }, lifetime: 600 } })
    expect(minted.status).toBe(201)
    const { token, sessionId, userId } = minted.body
    expect((await call(hanko, '/me', { headers: bearer(token) })).body.id).toBe(userId)
    const listed = await call(hanko, `/__emulator/sessions?userId=${userId}`)
    expect(listed.body.sessions).toEqual([
      expect.objectContaining({ id: sessionId, userId, expiresAt: '2026-01-15T09:10:00.000Z', idleExpiresAt: '2026-01-15T09:10:00.000Z' }),
    ])
    expect((await call(hanko, `/__emulator/sessions/${sessionId}/expire`, { method: 'POST' })).status).toBe(204)
    expect((await call(hanko, '/sessions/validate', { headers: bearer(token) })).body.is_valid).toBe(false)
    expect((await call(hanko, `/__emulator/sessions/${sessionId}`, { method: 'DELETE' })).status).toBe(404)

    const other = await hanko.mintSessionToken({ email: 'alice@example.com' })
    expect((await call(hanko, `/__emulator/sessions/${other.sessionId}`, { method: 'DELETE' })).status).toBe(204)
    expect((await call(hanko, '/me', { headers: bearer(other.token) })).status).toBe(401)
  })

  it('move the clock by a duration or to a time, which expires sessions', async () => {
    const hanko = await freshEmulator({ now })
    const { token } = await hanko.mintSessionToken({ lifetime: 3600 })
    expect((await call(hanko, '/__emulator/clock')).body).toEqual({ now: '2026-01-15T09:00:00.000Z', epochMs: now() })
    expect((await call(hanko, '/__emulator/clock', { json: { advance: '59m' } })).body.now).toBe('2026-01-15T09:59:00.000Z')
    expect((await call(hanko, '/sessions/validate', { headers: bearer(token) })).body.is_valid).toBe(true)
    expect((await call(hanko, '/__emulator/clock', { json: { set: '2026-01-15T10:00:00Z' } })).body.epochMs).toBe(now() + 3_600_000)
    expect((await call(hanko, '/sessions/validate', { headers: bearer(token) })).body.is_valid).toBe(false)
    expect((await call(hanko, '/__emulator/clock', { json: { advance: 'soon' } })).body.error).toBe('ERR_INVALID_ARGUMENT')
  })

  it('rotate and retire keys', async () => {
    const hanko = await freshEmulator({ now })
    const { token } = await hanko.mintSessionToken()
    const [first] = (await call(hanko, '/__emulator/keys')).body.keys
    const rotated = await call(hanko, '/__emulator/keys/rotate', { method: 'POST' })
    expect(rotated).toMatchObject({ status: 201, body: { signing: true } })
    expect((await call(hanko, `/__emulator/keys/${rotated.body.kid}`, { method: 'DELETE' })).body.error).toBe('ERR_INVALID_ARGUMENT')
    expect((await call(hanko, '/sessions/validate', { headers: bearer(token) })).body.is_valid).toBe(true)
    expect((await call(hanko, `/__emulator/keys/${first.kid}`, { method: 'DELETE' })).status).toBe(204)
    expect((await call(hanko, '/sessions/validate', { headers: bearer(token) })).body.is_valid).toBe(false)
    expect((await call(hanko, '/__emulator/keys/unknown', { method: 'DELETE' })).body).toMatchObject({ code: 404, error: 'ERR_UNKNOWN_KEY' })
  })

  it('answer unknown dev routes with 404 and wrong methods with 405', async () => {
    const hanko = await freshEmulator({ now })
    expect((await call(hanko, '/__emulator/nope')).status).toBe(404)
    expect((await call(hanko, '/__emulator/reset')).status).toBe(405)
    expect((await call(hanko, '/__emulator/users', { body: '{', headers: { 'content-type': 'application/json' } })).status).toBe(400)
  })

  it('can be turned off, leaving only what a real Hanko serves', async () => {
    const hanko = await freshEmulator({ now, devRoutes: false })
    expect((await call(hanko, '/__emulator/users')).status).toBe(404)
  })

  it('reset users, sessions, flows and faults but keep keys unless asked', async () => {
    const hanko = await freshEmulator({ now })
    const { token } = await hanko.mintSessionToken()
    const flow = await startFlow(hanko, 'login')
    hanko.faults.inject({ path: '/me', kind: 'error' })
    hanko.clock.advance('1h')
    const [key] = hanko.keys.list()
    expect((await call(hanko, '/__emulator/reset', { method: 'POST' })).status).toBe(204)
    expect(hanko.users.list()).toEqual([])
    expect(hanko.faults.list()).toEqual([])
    expect(hanko.clock.now()).toBe(now())
    expect(hanko.keys.list()).toEqual([key])
    expect((await call(hanko, '/sessions/validate', { headers: bearer(token) })).body.is_valid).toBe(false)
    expect((await act(hanko, flow.body, 'continue_with_login_identifier', { email: 'a@example.com' })).status).toBe(403)
    await call(hanko, '/__emulator/reset', { json: { keys: true } })
    expect(hanko.keys.list().map((entry) => entry.kid)).not.toContain(key!.kid)
  })
})

describe('faults', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('answer a chosen route with a 5xx for the next N requests, then recover', async () => {
    const hanko = await freshEmulator({ now })
    const { token } = await hanko.mintSessionToken()
    const fault = await call(hanko, '/__emulator/faults', { json: { path: '/sessions/validate', method: 'get', kind: 'error', status: 502, times: 2 } })
    expect(fault.body).toMatchObject({ path: '/sessions/validate', method: 'GET', kind: 'error', status: 502, remaining: 2, hits: 0 })
    expect((await call(hanko, '/sessions/validate', { json: { session_token: token } })).status).toBe(200)
    for (let failure = 0; failure < 2; failure++) {
      const answer = await call(hanko, '/sessions/validate', { headers: bearer(token) })
      expect(answer).toMatchObject({ status: 502, body: { code: 502, message: 'Bad Gateway' } })
      expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:3000')
    }
    expect((await call(hanko, '/sessions/validate', { headers: bearer(token) })).status).toBe(200)
    expect(hanko.faults.list()).toEqual([])
  })

  it('drop the connection: fetch resolves a network error, until the fault is removed', async () => {
    const hanko = await freshEmulator({ now })
    const { id, remaining } = hanko.faults.inject({ path: '*', kind: 'drop' })
    expect(remaining).toBeUndefined()
    const response = await hanko.fetch(new Request('http://localhost:8000/me'))
    expect(response.type).toBe('error')
    const [listed] = (await call(hanko, '/__emulator/faults')).body.faults
    expect(listed).toMatchObject({ id, hits: 1 })
    expect(listed).not.toHaveProperty('remaining')
    const preflight = await call(hanko, '/me', { method: 'OPTIONS', headers: { 'access-control-request-method': 'GET' } })
    expect(preflight.status).toBe(204)
    expect((await call(hanko, `/__emulator/faults/${id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await call(hanko, '/me')).status).toBe(401)
  })

  it('delay a route by latencyMs (fake timers), then answer normally', async () => {
    const hanko = await freshEmulator({ now })
    vi.useFakeTimers()
    hanko.faults.inject({ path: '/login*', kind: 'latency', latencyMs: 3000 })
    let settled = false
    const pending = call(hanko, '/login', { method: 'POST' }).then((answer) => {
      settled = true
      return answer
    })
    await vi.advanceTimersByTimeAsync(2999)
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect((await pending).body.name).toBe('preflight')
  })

  it('refuse invalid rules with ERR_INVALID_ARGUMENT', async () => {
    const hanko = await freshEmulator({ now })
    for (const rule of [
      { path: 'me', kind: 'error' },
      { path: '/__emulator/users', kind: 'error' },
      { path: '/me', kind: 'latency' },
      { path: '/me', kind: 'error', status: 404 },
      { path: '/me', kind: 'explode' },
      { path: '/me', kind: 'drop', times: 0 },
    ]) {
      expect(() => hanko.faults.inject(rule as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }))
    }
  })
})

describe('typed helpers', () => {
  it('refuse bad arguments with stable codes', async () => {
    const hanko = await freshEmulator({ now })
    hanko.users.create('alice@example.com')
    const attempts: [string, () => unknown][] = [
      ['ERR_EMAIL_TAKEN', () => hanko.users.create('ALICE@example.com')],
      ['ERR_INVALID_ARGUMENT', () => hanko.users.create('not an address')],
      ['ERR_UNKNOWN_KEY', () => hanko.keys.retire('nope')],
      ['ERR_INVALID_ARGUMENT', () => hanko.keys.retire(hanko.keys.list()[0]!.kid)],
      ['ERR_INVALID_ARGUMENT', () => hanko.clock.set('yesterday-ish')],
    ]
    for (const [code, attempt] of attempts) {
      let thrown: unknown
      try {
        attempt()
      } catch (error) {
        thrown = error
      }
      expect(isEmulatorError(thrown, code as never)).toBe(true)
    }
    await expect(hanko.mintSessionToken({ lifetime: 0 })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' })
  })

  it('refuse invalid options with ERR_INVALID_OPTIONS', () => {
    for (const options of [{ tokenDelivery: 'both' }, { sessionLifetime: 0 }, { audience: [] }, { cookieName: 'a b' }, { modulusLength: 1024 }]) {
      expect(() => createHankoEmulator(options as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS' }))
    }
  })

  it('restore users, sessions and keys from a snapshot, so issued tokens stay valid', async () => {
    const changes: number[] = []
    const hanko = await freshEmulator({ now, onChange: () => changes.push(1) })
    const { token } = await hanko.mintSessionToken({ email: 'alice@example.com' })
    expect(changes.length).toBeGreaterThan(0)
    const snapshot = JSON.parse(JSON.stringify(await hanko.snapshot()))
    const restarted = createHankoEmulator({ now, snapshot })
    expect((await call(restarted, '/me', { headers: bearer(token) })).body.emails[0].address).toBe('alice@example.com')
    expect(restarted.users.list()).toEqual(hanko.users.list())
    expect(() => createHankoEmulator({ snapshot: { version: 2 } as never })).toThrow(expect.objectContaining({ code: 'ERR_SNAPSHOT_INVALID' }))
    const broken = createHankoEmulator({ snapshot: { ...snapshot, keys: [{ kid: 'x', createdAt: 0, privateJwk: { kty: 'oct' } }] } })
    await expect(broken.ready()).rejects.toMatchObject({ code: 'ERR_SNAPSHOT_INVALID' })
    expect((await call(broken, '/me')).status).toBe(500)
  })
})
