import { SignJWT, generateKeyPair } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import type { HankoEmulator } from '../index.js'
import { act, bearer, call, fixedClock, freshEmulator, type Json, startFlow } from './helpers.js'

const FORBIDDEN = {
  name: 'error',
  status: 403,
  csrf_token: '',
  actions: {},
  error: { code: 'operation_not_permitted_error', message: 'The operation is not permitted.' },
  links: null,
}
const TECHNICAL = { ...FORBIDDEN, status: 500, error: { code: 'technical_error', message: 'Something went wrong.' } }

let hanko: HankoEmulator
let aliceToken: string
let loginInit: Json

beforeEach(async () => {
  hanko = await freshEmulator({ now: fixedClock() })
  aliceToken = (await hanko.mintSessionToken({ email: 'alice@example.com' })).token
  loginInit = (await startFlow(hanko, 'login')).body
})

/** The emulator still works and still holds what it held: bad input neither crashes it nor loses state. */
async function expectStateIntact(): Promise<void> {
  expect(hanko.users.list().map((user) => user.email)).toEqual(['alice@example.com'])
  expect((await call(hanko, '/sessions/validate', { headers: bearer(aliceToken) })).body.is_valid).toBe(true)
  expect((await act(hanko, loginInit, 'continue_with_login_identifier', { email: 'alice@example.com' })).body.name).toBe('passcode_confirmation')
}

function flowAction(body: BodyInit | undefined, contentType = 'application/json'): Promise<{ status: number; body: Json }> {
  return call(hanko, loginInit.actions.continue_with_login_identifier.href, { method: 'POST', ...(body === undefined ? {} : { body }), headers: { 'content-type': contentType } })
}

describe('bad input on the Flow API', () => {
  it('answers malformed JSON with the 500 technical_error envelope', async () => {
    expect(await flowAction('{"input_data": {')).toEqual({ status: 500, body: TECHNICAL, headers: expect.anything() })
    await expectStateIntact()
  })

  it('answers a body that is JSON but not an object with technical_error', async () => {
    expect((await flowAction('[1,2]')).body).toEqual(TECHNICAL)
    expect((await flowAction(JSON.stringify({ input_data: 'x', csrf_token: loginInit.csrf_token }))).body).toEqual(TECHNICAL)
    await expectStateIntact()
  })

  it('answers a wrong content type with technical_error, as echo cannot bind it', async () => {
    expect((await flowAction(JSON.stringify({ input_data: {}, csrf_token: loginInit.csrf_token }), 'text/plain')).body).toEqual(TECHNICAL)
    await expectStateIntact()
  })

  it('caps bodies at 64 KiB with 413', async () => {
    const huge = JSON.stringify({ input_data: { email: 'a'.repeat(70_000) }, csrf_token: loginInit.csrf_token })
    const answer = await flowAction(huge)
    expect(answer.status).toBe(413)
    expect(answer.body.error.code).toBe('technical_error')
    await expectStateIntact()
  })

  it('refuses a missing body or csrf token with 403', async () => {
    expect((await flowAction(undefined)).body).toEqual(FORBIDDEN)
    expect((await flowAction(JSON.stringify({ input_data: { email: 'alice@example.com' } }))).body).toEqual(FORBIDDEN)
    await expectStateIntact()
  })

  it('refuses a wrong csrf token with 403', async () => {
    const answer = await flowAction(JSON.stringify({ input_data: { email: 'alice@example.com' }, csrf_token: 'A'.repeat(32) }))
    expect(answer.body).toEqual(FORBIDDEN)
    await expectStateIntact()
  })

  it('refuses a replayed action (its csrf token is spent) with 403', async () => {
    const first = await act(hanko, loginInit, 'continue_with_login_identifier', { email: 'alice@example.com' })
    expect(first.body.name).toBe('passcode_confirmation')
    const replay = await act(hanko, loginInit, 'continue_with_login_identifier', { email: 'alice@example.com' })
    expect(replay.status).toBe(403)
    expect(replay.body).toEqual(FORBIDDEN)
    // The flow itself is fine: the fresh state's actions still work.
    expect((await act(hanko, first.body, 'back')).body.name).toBe('login_init')
  })

  it('refuses an unknown flow id with 403', async () => {
    const answer = await call(hanko, '/login?action=continue_with_login_identifier%4000000000-0000-4000-8000-000000000000', {
      json: { input_data: {}, csrf_token: loginInit.csrf_token },
    })
    expect(answer.body).toEqual(FORBIDDEN)
    await expectStateIntact()
  })

  it('refuses a flow id used on another flow endpoint with 403', async () => {
    const href = loginInit.actions.continue_with_login_identifier.href.replace('/login', '/registration')
    expect((await call(hanko, href, { json: { input_data: {}, csrf_token: loginInit.csrf_token } })).body).toEqual(FORBIDDEN)
    await expectStateIntact()
  })

  it('answers a malformed action parameter with technical_error', async () => {
    expect((await call(hanko, '/login?action=no-flow-id', { json: { input_data: {}, csrf_token: '' } })).body).toEqual(TECHNICAL)
    await expectStateIntact()
  })

  it('refuses an action the current state does not offer with 403', async () => {
    const href = loginInit.actions.continue_with_login_identifier.href.replace('continue_with_login_identifier', 'verify_passcode')
    expect((await call(hanko, href, { json: { input_data: { code: '123456' }, csrf_token: loginInit.csrf_token } })).body).toEqual(FORBIDDEN)
    await expectStateIntact()
  })

  it('answers an action on an expired flow (24 hours) with 410 flow_expired_error', async () => {
    hanko.clock.advance('24h1s')
    const answer = await act(hanko, loginInit, 'continue_with_login_identifier', { email: 'alice@example.com' })
    expect(answer).toMatchObject({ status: 410, body: { name: 'error', status: 410, csrf_token: '', actions: {}, error: { code: 'flow_expired_error', message: 'The flow has expired.' }, links: null } })
    // Alice's 12-hour session ended meanwhile; Alice did not.
    expect(hanko.users.list()).toHaveLength(1)
    expect((await startFlow(hanko, 'login')).body.name).toBe('login_init')
  })

  it('tolerates unknown and null keys in input_data', async () => {
    const answer = await act(hanko, loginInit, 'continue_with_login_identifier', { email: 'alice@example.com', username: null, extra: { deep: [1] } })
    expect(answer.body.name).toBe('passcode_confirmation')
  })

  it('answers a wrong passcode with 400 passcode_invalid on the code input', async () => {
    const passcode = await act(hanko, loginInit, 'continue_with_login_identifier', { email: 'alice@example.com' })
    const code = hanko.lastPasscode('alice@example.com')
    const answer = await act(hanko, passcode.body, 'verify_passcode', { code: code === '999999' ? '000000' : '999999' })
    expect(answer.status).toBe(400)
    expect(answer.body.actions.verify_passcode.inputs.code.error.code).toBe('passcode_invalid')
    expect((await act(hanko, answer.body, 'verify_passcode', { code })).body.name).toBe('success')
  })

  it('answers an expired passcode with 400 passcode_invalid', async () => {
    const passcode = await act(hanko, loginInit, 'continue_with_login_identifier', { email: 'alice@example.com' })
    hanko.clock.advance('5m1s')
    const answer = await act(hanko, passcode.body, 'verify_passcode', { code: hanko.lastPasscode('alice@example.com') })
    expect(answer.body.actions.verify_passcode.inputs.code.error.code).toBe('passcode_invalid')
  })

  it('answers a non-string passcode as a missing value', async () => {
    const passcode = await act(hanko, loginInit, 'continue_with_login_identifier', { email: 'alice@example.com' })
    const answer = await act(hanko, passcode.body, 'verify_passcode', { code: 123456 })
    expect(answer.body.actions.verify_passcode.inputs.code.error.code).toBe('value_missing_error')
  })
})

describe('bad input on the REST routes', () => {
  it('answers unknown routes with echo 404', async () => {
    expect(await call(hanko, '/nope')).toMatchObject({ status: 404, body: { code: 404, message: 'Not Found' } })
    await expectStateIntact()
  })

  it('answers a wrong method on a known path with echo 404, as Hanko’s catch-all route groups do', async () => {
    const answer = await call(hanko, '/me', { method: 'DELETE' })
    expect(answer).toMatchObject({ status: 404, body: { code: 404, message: 'Not Found' } })
    expect(answer.headers.get('allow')).toBeNull()
    expect((await call(hanko, '/login')).status).toBe(404)
    for (const method of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect((await call(hanko, '/me', { method })).status).toBe(404)
    }
    await expectStateIntact()
  })

  it('answers POST /sessions/validate without session_token with 400', async () => {
    expect(await call(hanko, '/sessions/validate', { json: {} })).toMatchObject({ status: 400, body: { code: 400 } })
    expect((await call(hanko, '/sessions/validate', { method: 'POST' })).status).toBe(400)
    expect((await call(hanko, '/sessions/validate', { json: { session_token: '' } })).status).toBe(400)
  })

  it('answers POST /sessions/validate with malformed JSON, a non-string token or a wrong type with 400 or 415', async () => {
    expect((await call(hanko, '/sessions/validate', { body: '{"session_token":', headers: { 'content-type': 'application/json' } })).status).toBe(400)
    expect((await call(hanko, '/sessions/validate', { json: { session_token: 42 } })).status).toBe(400)
    expect((await call(hanko, '/sessions/validate', { body: 'session_token=x', headers: { 'content-type': 'text/plain' } })).status).toBe(415)
    await expectStateIntact()
  })

  it('caps the /sessions/validate body with 413', async () => {
    expect((await call(hanko, '/sessions/validate', { json: { session_token: 'x'.repeat(70_000) } })).status).toBe(413)
    await expectStateIntact()
  })

  it('answers garbage and oversized tokens as is_valid: false, and /me as 401', async () => {
    for (const token of ['garbage', 'a.b.c', 'x'.repeat(9000)]) {
      expect((await call(hanko, '/sessions/validate', { json: { session_token: token } })).body).toEqual({ is_valid: false })
      expect((await call(hanko, '/me', { headers: bearer(token) })).body).toEqual({ code: 401, message: 'Unauthorized' })
    }
    expect((await call(hanko, '/me', { headers: { authorization: 'Bearer' } })).status).toBe(401)
    await expectStateIntact()
  })
})

describe('tokens that must not pass', () => {
  it('accepts tokens of a rotated key (it stays in the JWKS) and refuses them once the key is retired', async () => {
    const [oldKey] = hanko.keys.list()
    await hanko.keys.rotate()
    expect((await call(hanko, '/sessions/validate', { headers: bearer(aliceToken) })).body.is_valid).toBe(true)
    hanko.keys.retire(oldKey!.kid)
    expect((await call(hanko, '/sessions/validate', { headers: bearer(aliceToken) })).body).toEqual({ is_valid: false })
    expect((await call(hanko, '/me', { headers: bearer(aliceToken) })).status).toBe(401)
  })

  it('refuses a token signed by a key that is not the emulator’s, even with a known kid', async () => {
    const [key] = hanko.keys.list()
    const { privateKey } = await generateKeyPair('RS256')
    const [, payload] = aliceToken.split('.')
    const claims = JSON.parse(atob(payload!.replace(/-/g, '+').replace(/_/g, '/')))
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key!.kid, typ: 'JWT' }).sign(privateKey)
    expect((await call(hanko, '/sessions/validate', { headers: bearer(forged) })).body).toEqual({ is_valid: false })
  })

  it('refuses an expired token', async () => {
    const { token } = await hanko.mintSessionToken({ email: 'alice@example.com', lifetime: 60 })
    hanko.clock.advance('60s')
    expect((await call(hanko, '/sessions/validate', { headers: bearer(token) })).body).toEqual({ is_valid: false })
  })

  it('refuses a revoked token though it has not expired', async () => {
    const { token, sessionId } = await hanko.mintSessionToken({ email: 'alice@example.com' })
    expect(hanko.sessions.revoke(sessionId)).toBe(true)
    expect((await call(hanko, '/sessions/validate', { headers: bearer(token) })).body).toEqual({ is_valid: false })
    expect((await call(hanko, '/logout', { method: 'POST', headers: bearer(token) })).status).toBe(401)
  })

  it('refuses a token for another audience', async () => {
    const other = await freshEmulator({ now: fixedClock(), audience: 'other.example' })
    const { token } = await other.mintSessionToken({ email: 'alice@example.com' })
    expect((await call(hanko, '/sessions/validate', { headers: bearer(token) })).body).toEqual({ is_valid: false })
  })
})
