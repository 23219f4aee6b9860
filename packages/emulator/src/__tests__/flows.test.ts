import { describe, expect, it } from 'vitest'
import { act, bearer, call, fixedClock, freshEmulator, passcodeLogin, startFlow } from './helpers.js'

const now = fixedClock()

describe('Flow API: login', () => {
  it('starts with preflight, then login_init, both full state objects', async () => {
    const hanko = await freshEmulator({ now })
    const preflight = await call(hanko, '/login', { method: 'POST' })
    expect(preflight.status).toBe(200)
    expect(preflight.body).toMatchObject({ name: 'preflight', status: 200, payload: {}, links: null })
    expect(preflight.body.csrf_token).toMatch(/^[0-9A-Za-z]{32}$/)
    const action = preflight.body.actions.register_client_capabilities
    expect(action.href).toMatch(/^\/login\?action=register_client_capabilities%40[0-9a-f-]{36}$/)
    expect(action.inputs.webauthn_available).toEqual({ name: 'webauthn_available', type: 'boolean', required: true, hidden: true })

    const init = await act(hanko, preflight.body, 'register_client_capabilities', { webauthn_available: true })
    expect(init.body).toMatchObject({ name: 'login_init', status: 200, payload: {}, links: null })
    expect(init.body.csrf_token).not.toBe(preflight.body.csrf_token)
    expect(init.body.actions.continue_with_login_identifier.inputs.email).toEqual({
      name: 'email',
      type: 'email',
      min_length: 3,
      max_length: 120,
      required: true,
    })
  })

  it('mails a 6-digit passcode and logs a known user in with it', async () => {
    const mails: unknown[] = []
    const hanko = await freshEmulator({ now, onPasscode: (event) => mails.push(event) })
    const alice = hanko.users.create('alice@example.com')
    const init = await startFlow(hanko, 'login')
    const passcode = await act(hanko, init.body, 'continue_with_login_identifier', { email: ' Alice@Example.com ' })
    expect(passcode.body.name).toBe('passcode_confirmation')
    expect(Object.keys(passcode.body.actions)).toEqual(['verify_passcode', 'resend_passcode', 'back'])
    const code = hanko.lastPasscode('alice@example.com')
    expect(code).toMatch(/^\d{6}$/)
    expect(mails).toEqual([{ email: 'alice@example.com', code, flow: 'login', template: 'login', expiresAt: now() + 300_000 }])

    const success = await act(hanko, passcode.body, 'verify_passcode', { code })
    expect(success.status).toBe(200)
    expect(success.body).toMatchObject({ name: 'success', actions: {}, links: null })
    expect(success.body.payload.last_login).toEqual({ login_method: 'passcode' })
    expect(success.body.payload.user).toMatchObject({ id: alice.id, user_id: alice.id, emails: [{ address: 'alice@example.com', is_primary: true, is_verified: true }] })
    expect(success.body.payload.claims).toMatchObject({ subject: alice.id, audience: ['localhost'], amr: ['otp'], email: { address: 'alice@example.com' } })
    expect(success.headers.get('x-auth-token')).toMatch(/^eyJ/)
    expect(success.headers.get('x-session-lifetime')).toBe('43200')
    expect(success.headers.get('x-session-retention')).toBe('persistent')
    expect(success.headers.get('set-cookie')).toBeNull()
  })

  it('goes on without a code for an unknown address, as Hanko does by default', async () => {
    const mails: { code: string | undefined; template: string }[] = []
    const hanko = await freshEmulator({ now, onPasscode: (event) => mails.push(event) })
    const init = await startFlow(hanko, 'login')
    const passcode = await act(hanko, init.body, 'continue_with_login_identifier', { email: 'nobody@example.com' })
    expect(passcode.body.name).toBe('passcode_confirmation')
    expect(mails).toMatchObject([{ code: undefined, template: 'email_login_attempted' }])
    expect(hanko.lastPasscode('nobody@example.com')).toBeUndefined()
  })

  it('says an address is unknown when account existence hints are on', async () => {
    const hanko = await freshEmulator({ now, accountExistenceHints: true })
    const init = await startFlow(hanko, 'login')
    const answer = await act(hanko, init.body, 'continue_with_login_identifier', { email: 'nobody@example.com' })
    expect(answer.status).toBe(400)
    expect(answer.body.name).toBe('login_init')
    expect(answer.body.error.code).toBe('form_data_invalid_error')
    expect(answer.body.actions.continue_with_login_identifier.inputs.email.error.code).toBe('unknown_email_error')
  })

  it('refuses a malformed address with value_invalid_error and an empty one with value_missing_error', async () => {
    const hanko = await freshEmulator({ now })
    const init = await startFlow(hanko, 'login')
    const malformed = await act(hanko, init.body, 'continue_with_login_identifier', { email: 'not-an-email' })
    expect(malformed.body.actions.continue_with_login_identifier.inputs.email.error.code).toBe('value_invalid_error')
    const empty = await act(hanko, malformed.body, 'continue_with_login_identifier', { email: '', username: null })
    expect(empty.body.actions.continue_with_login_identifier.inputs.email.error.code).toBe('value_missing_error')
  })

  it('goes back from passcode_confirmation to login_init, and offers no back after a verified passcode', async () => {
    const hanko = await freshEmulator({ now, passkeyOnboarding: true })
    hanko.users.create('alice@example.com')
    const preflight = await call(hanko, '/login', { method: 'POST' })
    const init = await act(hanko, preflight.body, 'register_client_capabilities', { webauthn_available: true })
    const passcode = await act(hanko, init.body, 'continue_with_login_identifier', { email: 'alice@example.com' })
    const back = await act(hanko, passcode.body, 'back')
    expect(back.body.name).toBe('login_init')
    const again = await act(hanko, back.body, 'continue_with_login_identifier', { email: 'alice@example.com' })
    const onboarding = await act(hanko, again.body, 'verify_passcode', { code: hanko.lastPasscode('alice@example.com') })
    expect(onboarding.body.name).toBe('onboarding_create_passkey')
    expect(Object.keys(onboarding.body.actions)).toEqual(['skip'])
  })
})

describe('Flow API: passcodes', () => {
  it('counts wrong codes: two give passcode_invalid, the third passcode_max_attempts_reached, even for the right code after', async () => {
    const hanko = await freshEmulator({ now })
    hanko.users.create('alice@example.com')
    const init = await startFlow(hanko, 'login')
    let state = (await act(hanko, init.body, 'continue_with_login_identifier', { email: 'alice@example.com' })).body
    const code = hanko.lastPasscode('alice@example.com')!
    const wrong = code === '000000' ? '111111' : '000000'
    for (const expected of [400, 400]) {
      const answer = await act(hanko, state, 'verify_passcode', { code: wrong })
      expect(answer.status).toBe(expected)
      expect(answer.body.actions.verify_passcode.inputs.code.error).toEqual({ code: 'passcode_invalid', message: 'The passcode is invalid.' })
      state = answer.body
    }
    const third = await act(hanko, state, 'verify_passcode', { code: wrong })
    expect(third.status).toBe(401)
    expect(third.body.error.code).toBe('passcode_max_attempts_reached')
    const right = await act(hanko, third.body, 'verify_passcode', { code })
    expect(right.body.error.code).toBe('passcode_max_attempts_reached')

    const resent = await act(hanko, right.body, 'resend_passcode')
    expect(resent.status).toBe(200)
    const fresh = hanko.lastPasscode('alice@example.com')
    expect((await act(hanko, resent.body, 'verify_passcode', { code: fresh })).body.name).toBe('success')
  })

  it('rejects a code after its 300 seconds as passcode_invalid', async () => {
    const hanko = await freshEmulator({ now })
    hanko.users.create('alice@example.com')
    const init = await startFlow(hanko, 'login')
    const passcode = await act(hanko, init.body, 'continue_with_login_identifier', { email: 'alice@example.com' })
    hanko.clock.advance('300s')
    const answer = await act(hanko, passcode.body, 'verify_passcode', { code: hanko.lastPasscode('alice@example.com') })
    expect(answer.status).toBe(400)
    expect(answer.body.actions.verify_passcode.inputs.code.error.code).toBe('passcode_invalid')
  })

  it('limits mails to 3 a minute with 429 rate_limit_exceeded and payload.resend_after', async () => {
    const hanko = await freshEmulator({ now })
    hanko.users.create('alice@example.com')
    const init = await startFlow(hanko, 'login')
    let state = (await act(hanko, init.body, 'continue_with_login_identifier', { email: 'alice@example.com' })).body
    for (let send = 2; send <= 3; send++) state = (await act(hanko, state, 'resend_passcode')).body
    hanko.clock.advance('15s')
    const limited = await act(hanko, state, 'resend_passcode')
    expect(limited.status).toBe(429)
    expect(limited.body).toMatchObject({ name: 'passcode_confirmation', error: { code: 'rate_limit_exceeded' }, payload: { resend_after: 45 } })
    hanko.clock.advance('45s')
    expect((await act(hanko, limited.body, 'resend_passcode')).status).toBe(200)
  })
})

describe('Flow API: registration', () => {
  it('creates the user only when the passcode is verified, then issues a session', async () => {
    const hanko = await freshEmulator({ now })
    const init = await startFlow(hanko, 'registration')
    expect(init.body.name).toBe('registration_init')
    expect(init.body.actions.register_login_identifier.href).toMatch(/^\/registration\?action=register_login_identifier%40/)
    const passcode = await act(hanko, init.body, 'register_login_identifier', { email: 'bob@example.com', username: null })
    expect(hanko.users.list()).toEqual([])
    const success = await act(hanko, passcode.body, 'verify_passcode', { code: hanko.lastPasscode('bob@example.com') })
    expect(success.body.name).toBe('success')
    expect(success.body.payload.last_login).toBeUndefined()
    const [bob] = hanko.users.list()
    expect(bob).toMatchObject({ email: 'bob@example.com', emails: [{ address: 'bob@example.com', isPrimary: true, isVerified: true }] })
    expect(success.body.payload.claims.subject).toBe(bob!.id)
  })

  it('mails no code for a taken address, so it cannot be registered twice', async () => {
    const hanko = await freshEmulator({ now })
    hanko.users.create('bob@example.com')
    const init = await startFlow(hanko, 'registration')
    const passcode = await act(hanko, init.body, 'register_login_identifier', { email: 'bob@example.com' })
    expect(passcode.body.name).toBe('passcode_confirmation')
    expect(hanko.lastPasscode('bob@example.com')).toBeUndefined()
    expect(hanko.users.list()).toHaveLength(1)
  })

  it('says an address is taken when account existence hints are on', async () => {
    const hanko = await freshEmulator({ now, accountExistenceHints: true })
    hanko.users.create('bob@example.com')
    const init = await startFlow(hanko, 'registration')
    const answer = await act(hanko, init.body, 'register_login_identifier', { email: 'bob@example.com' })
    expect(answer.body.actions.register_login_identifier.inputs.email.error.code).toBe('email_already_exists')
  })

  it('offers a skippable passkey onboarding when enabled and the browser has WebAuthn', async () => {
    const hanko = await freshEmulator({ now, passkeyOnboarding: true })
    const preflight = await call(hanko, '/registration', { method: 'POST' })
    const init = await act(hanko, preflight.body, 'register_client_capabilities', { webauthn_available: true })
    const passcode = await act(hanko, init.body, 'register_login_identifier', { email: 'carol@example.com' })
    const onboarding = await act(hanko, passcode.body, 'verify_passcode', { code: hanko.lastPasscode('carol@example.com') })
    expect(onboarding.body).toMatchObject({ name: 'onboarding_create_passkey', payload: {} })
    expect(onboarding.headers.get('x-auth-token')).toBeNull()
    const success = await act(hanko, onboarding.body, 'skip')
    expect(success.body.name).toBe('success')
    expect(success.headers.get('x-auth-token')).toMatch(/^eyJ/)
  })
})

describe('Flow API: profile', () => {
  it('needs a session: 401 unauthorized envelope without one', async () => {
    const hanko = await freshEmulator({ now })
    const answer = await call(hanko, '/profile', { method: 'POST' })
    expect(answer.status).toBe(401)
    expect(answer.body).toEqual({
      name: 'error',
      status: 401,
      csrf_token: '',
      actions: {},
      error: { code: 'unauthorized', message: 'The session is invalid.' },
      links: null,
    })
  })

  it('shows the user, the sessions, and what <hanko-profile> needs', async () => {
    const hanko = await freshEmulator({ now })
    const other = await hanko.mintSessionToken({ email: 'alice@example.com' })
    const { token } = await passcodeLogin(hanko, 'alice@example.com', 'login', { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0' })
    const profile = await startFlow(hanko, 'profile', bearer(token))
    expect(profile.body.name).toBe('profile_init')
    expect(Object.keys(profile.body.actions)).toEqual(['account_delete', 'email_create', 'email_delete', 'patch_metadata', 'session_delete'])
    expect(profile.body.actions.email_delete.inputs.email_id).toEqual({ name: 'email_id', type: 'string', required: true, hidden: true })
    expect(profile.body.actions.session_delete.inputs.session_id.allowed_values).toEqual([{ value: other.sessionId, name: other.sessionId }])
    expect(profile.body.payload.user.mfa_config).toEqual({ auth_app_set_up: false, totp_enabled: false, security_keys_enabled: false })
    const [current, older] = profile.body.payload.sessions
    expect(current).toMatchObject({ current: true, user_agent: 'Linux (Chrome)' })
    expect(older).toMatchObject({ id: other.sessionId, current: false })
  })

  it('revokes another session, whose token stops validating at once', async () => {
    const hanko = await freshEmulator({ now })
    const other = await hanko.mintSessionToken({ email: 'alice@example.com' })
    const mine = await hanko.mintSessionToken({ email: 'alice@example.com' })
    const profile = await startFlow(hanko, 'profile', bearer(mine.token))
    const refreshed = await act(hanko, profile.body, 'session_delete', { session_id: other.sessionId }, bearer(mine.token))
    expect(refreshed.body.name).toBe('profile_init')
    expect(refreshed.body.actions.session_delete).toBeUndefined()
    expect((await call(hanko, '/sessions/validate', { headers: bearer(other.token) })).body).toEqual({ is_valid: false })
  })

  it('adds an address after its passcode, makes it primary, and deletes the old one', async () => {
    const hanko = await freshEmulator({ now })
    const { token } = await hanko.mintSessionToken({ email: 'alice@example.com' })
    const auth = bearer(token)
    const profile = await startFlow(hanko, 'profile', auth)
    const passcode = await act(hanko, profile.body, 'email_create', { email: 'alice@work.example' }, auth)
    expect(passcode.body.name).toBe('passcode_confirmation')
    const withTwo = await act(hanko, passcode.body, 'verify_passcode', { code: hanko.lastPasscode('alice@work.example') }, auth)
    expect(withTwo.body.name).toBe('profile_init')
    const added = withTwo.body.payload.user.emails.find((email: { address: string }) => email.address === 'alice@work.example')
    expect(added).toMatchObject({ is_primary: false, is_verified: true })
    const primary = await act(hanko, withTwo.body, 'email_set_primary', { email_id: added.id }, auth)
    const old = primary.body.payload.user.emails.find((email: { address: string }) => email.address === 'alice@example.com')
    expect(primary.body.actions.email_delete.inputs.email_id.allowed_values).toEqual([{ value: old.id, name: 'alice@example.com' }])
    const deleted = await act(hanko, primary.body, 'email_delete', { email_id: old.id }, auth)
    expect(deleted.body.payload.user.emails).toEqual([{ id: added.id, address: 'alice@work.example', is_verified: true, is_primary: true }])
  })

  it('patches unsafe metadata as a JSON merge patch', async () => {
    const hanko = await freshEmulator({ now })
    const { token, userId } = await hanko.mintSessionToken({ email: 'alice@example.com' })
    const profile = await startFlow(hanko, 'profile', bearer(token))
    const first = await act(hanko, profile.body, 'patch_metadata', { patch_metadata: { theme: 'dark', tabs: { a: 1 } } }, bearer(token))
    const second = await act(hanko, first.body, 'patch_metadata', { patch_metadata: '{"tabs":{"a":null,"b":2}}' }, bearer(token))
    expect(second.body.payload.user.metadata.unsafe_metadata).toEqual({ theme: 'dark', tabs: { b: 2 } })
    expect(hanko.users.get(userId)?.unsafeMetadata).toEqual({ theme: 'dark', tabs: { b: 2 } })
    const invalid = await act(hanko, second.body, 'patch_metadata', { patch_metadata: null }, bearer(token))
    expect(invalid.body.actions.patch_metadata.inputs.patch_metadata.error.code).toBe('invalid_metadata_error')
  })

  it('deletes the account: account_deleted, a deleting cookie, and every session gone', async () => {
    const hanko = await freshEmulator({ now })
    const { token } = await hanko.mintSessionToken({ email: 'alice@example.com' })
    const profile = await startFlow(hanko, 'profile', bearer(token))
    const deleted = await act(hanko, profile.body, 'account_delete', {}, bearer(token))
    expect(deleted.body).toMatchObject({ name: 'account_deleted', status: 200, payload: {}, actions: {} })
    expect(deleted.headers.get('set-cookie')).toBe('hanko=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict')
    expect(hanko.users.list()).toEqual([])
    expect((await call(hanko, '/profile', { method: 'POST', headers: bearer(token) })).status).toBe(401)
  })
})

describe('Sessions from flows', () => {
  it('keeps at most 5 sessions per user, deleting the oldest', async () => {
    const hanko = await freshEmulator({ now })
    const first = await hanko.mintSessionToken({ email: 'alice@example.com' })
    for (let login = 0; login < 5; login++) {
      // A minute apart, so the passcode rate limit (3 mails a minute) does not apply.
      hanko.clock.advance('61s')
      await passcodeLogin(hanko, 'alice@example.com')
    }
    const sessions = hanko.sessions.list()
    expect(sessions).toHaveLength(5)
    expect(sessions.map((session) => session.id)).not.toContain(first.sessionId)
  })

  it('delivers the token as an HttpOnly cookie in cookie mode, never also as a header', async () => {
    const hanko = await freshEmulator({ now, tokenDelivery: 'cookie', sessionLifetime: 3600 })
    hanko.users.create('alice@example.com')
    const init = await startFlow(hanko, 'login')
    const passcode = await act(hanko, init.body, 'continue_with_login_identifier', { email: 'alice@example.com' })
    const success = await act(hanko, passcode.body, 'verify_passcode', { code: hanko.lastPasscode('alice@example.com') })
    expect(success.headers.get('x-auth-token')).toBeNull()
    expect(success.headers.get('x-session-lifetime')).toBe('3600')
    const cookie = success.headers.get('set-cookie')!
    expect(cookie).toMatch(/^hanko=eyJ[\w.-]+; Path=\/; Max-Age=3600; HttpOnly; Secure; SameSite=Strict$/)
    expect(success.headers.get('access-control-expose-headers')).not.toContain('X-Auth-Token')
    const token = cookie.slice('hanko='.length, cookie.indexOf(';'))
    expect((await call(hanko, '/me', { headers: { cookie: `other=1; hanko=${token}` } })).status).toBe(200)
  })
})
