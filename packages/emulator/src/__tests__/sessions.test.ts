import { decodeJwt, decodeProtectedHeader } from 'jose'
import { describe, expect, it } from 'vitest'
import { APP_ORIGIN, bearer, call, fixedClock, freshEmulator, passcodeLogin } from './helpers.js'

const now = fixedClock()

describe('session tokens', () => {
  it('are RS256 JWTs with a kid from the JWKS and Hanko’s claims', async () => {
    const hanko = await freshEmulator({ now, issuer: 'https://auth.example', audience: ['app.example', 'localhost'] })
    const { token, userId, sessionId } = await hanko.mintSessionToken({ email: 'alice@example.com' })
    const header = decodeProtectedHeader(token)
    expect(header).toEqual({ alg: 'RS256', kid: hanko.keys.list()[0]!.kid, typ: 'JWT' })
    expect(header.kid).toMatch(/^[0-9a-f-]{36}$/)
    const iat = now() / 1000
    expect(decodeJwt(token)).toEqual({
      sub: userId,
      iat,
      exp: iat + 43_200,
      aud: ['app.example', 'localhost'],
      iss: 'https://auth.example',
      session_id: sessionId,
      email: { address: 'alice@example.com', is_primary: true, is_verified: true },
      amr: ['otp'],
    })
  })

  it('carry template claims, which never override Hanko’s own', async () => {
    const hanko = await freshEmulator({ now, claims: (user) => ({ role: 'admin', sub: 'not-the-user', mail: user.email }) })
    const { token, userId } = await hanko.mintSessionToken({ email: 'alice@example.com', claims: { plan: 'pro' } })
    expect(decodeJwt(token)).toMatchObject({ role: 'admin', plan: 'pro', sub: userId, mail: 'alice@example.com' })
    const validation = await call(hanko, '/sessions/validate', { headers: bearer(token) })
    expect(validation.body.claims).toMatchObject({ subject: userId, role: 'admin', plan: 'pro', amr: ['otp'] })
  })

  it('live as long as the configured lifetime', async () => {
    const hanko = await freshEmulator({ now, sessionLifetime: 3600 })
    const { token, expiresAt } = await hanko.mintSessionToken()
    expect(expiresAt.getTime()).toBe(now() + 3_600_000)
    hanko.clock.advance('59m59s')
    expect((await call(hanko, '/sessions/validate', { headers: bearer(token) })).body.is_valid).toBe(true)
    hanko.clock.advance('1s')
    expect((await call(hanko, '/sessions/validate', { headers: bearer(token) })).body.is_valid).toBe(false)
  })
})

describe('GET and POST /sessions/validate', () => {
  it('answer 200 with the claims object, the deprecated fields, and no idle deadline by default', async () => {
    const hanko = await freshEmulator({ now })
    const { token, userId, sessionId } = await hanko.mintSessionToken({ email: 'alice@example.com' })
    const expected = {
      is_valid: true,
      claims: {
        subject: userId,
        issued_at: '2026-01-15T09:00:00Z',
        expiration: '2026-01-15T21:00:00Z',
        audience: ['localhost'],
        email: { address: 'alice@example.com', is_primary: true, is_verified: true },
        session_id: sessionId,
        amr: ['otp'],
      },
      expiration_time: '2026-01-15T21:00:00Z',
      user_id: userId,
    }
    expect(await call(hanko, '/sessions/validate', { headers: bearer(token) })).toMatchObject({ status: 200, body: expected })
    expect(await call(hanko, '/sessions/validate', { json: { session_token: token } })).toMatchObject({ status: 200, body: expected })
    expect((await call(hanko, '/sessions/validate')).body).toEqual({ is_valid: false })
  })

  it('answer the same for a session validated again and again, and stop once it is revoked', async () => {
    const hanko = await freshEmulator({ now, claims: (user) => ({ role: 'admin', primary: user.emails[0]?.address }) })
    const { token, sessionId } = await hanko.mintSessionToken({ email: 'alice@example.com' })
    const first = await call(hanko, '/sessions/validate', { headers: bearer(token) })
    expect(first.body.claims).toMatchObject({ role: 'admin', primary: 'alice@example.com', session_id: sessionId })
    for (let round = 0; round < 3; round++) expect((await call(hanko, '/sessions/validate', { headers: bearer(token) })).body).toEqual(first.body)
    hanko.sessions.revoke(sessionId)
    expect((await call(hanko, '/sessions/validate', { headers: bearer(token) })).body).toEqual({ is_valid: false })
  })

  it('answer each token with its own claims, however validations of several tokens interleave', async () => {
    const hanko = await freshEmulator({ now })
    const first = await hanko.mintSessionToken({ email: 'alice@example.com', claims: { n: 1 } })
    const second = await hanko.mintSessionToken({ email: 'alice@example.com', claims: { n: 2 } })
    for (let round = 0; round < 3; round++) {
      for (const minted of [first, second]) {
        const byGet = await call(hanko, '/sessions/validate', { headers: bearer(minted.token) })
        const byPost = await call(hanko, '/sessions/validate', { json: { session_token: minted.token } })
        for (const answer of [byGet, byPost]) expect(answer.body.claims).toMatchObject({ n: minted === first ? 1 : 2, session_id: minted.sessionId })
      }
    }
  })

  it('differ with an idle timeout: POST slides it, GET does not', async () => {
    const hanko = await freshEmulator({ now, idleTimeout: 600 })
    const { token } = await hanko.mintSessionToken()
    hanko.clock.advance('5m')
    const read = await call(hanko, '/sessions/validate', { headers: bearer(token) })
    expect(read.body.idle_expires_at).toBe('2026-01-15T09:10:00Z')
    const touched = await call(hanko, '/sessions/validate', { json: { session_token: token } })
    expect(touched.body.idle_expires_at).toBe('2026-01-15T09:15:00Z')
    hanko.clock.advance('9m')
    expect((await call(hanko, '/sessions/validate', { headers: bearer(token) })).body.is_valid).toBe(true)
    hanko.clock.advance('1m1s')
    const expired = await call(hanko, '/sessions/validate', { headers: bearer(token) })
    expect(expired.body).toEqual({ is_valid: false })
    expect(expired.headers.get('set-cookie')).toBe('hanko=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict')
    expect(hanko.sessions.list()).toEqual([])
  })

  it('end an idle session everywhere: /me and the profile flow answer 401 with a deleting cookie', async () => {
    const hanko = await freshEmulator({ now, idleTimeout: 60 })
    const first = await hanko.mintSessionToken()
    const second = await hanko.mintSessionToken()
    hanko.clock.advance('61s')
    const me = await call(hanko, '/me', { headers: bearer(first.token) })
    expect(me).toMatchObject({ status: 401, body: { code: 401, message: 'Unauthorized' } })
    expect(me.headers.get('set-cookie')).toMatch(/^hanko=; Path=\/; Max-Age=0;/)
    const profile = await call(hanko, '/profile', { method: 'POST', headers: bearer(second.token) })
    expect(profile).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } })
    expect(profile.headers.get('set-cookie')).toMatch(/^hanko=; Path=\/; Max-Age=0;/)
  })

  it('read the Bearer token first, then the cookie', async () => {
    const hanko = await freshEmulator({ now })
    const alice = await hanko.mintSessionToken({ email: 'alice@example.com' })
    const bob = await hanko.mintSessionToken({ email: 'bob@example.com' })
    const both = await call(hanko, '/sessions/validate', { headers: { ...bearer(alice.token), cookie: `hanko=${bob.token}` } })
    expect(both.body.user_id).toBe(alice.userId)
    const badBearer = await call(hanko, '/sessions/validate', { headers: { ...bearer('not-a-token'), cookie: `hanko=${bob.token}` } })
    expect(badBearer.body.user_id).toBe(bob.userId)
  })
})

describe('GET /me, GET /users/{id}, POST /logout', () => {
  it('/me answers the profile with a session and 401 without', async () => {
    const hanko = await freshEmulator({ now })
    const { token, userId } = await hanko.mintSessionToken({ email: 'alice@example.com' })
    const me = await call(hanko, '/me', { headers: bearer(token) })
    expect(me.body).toMatchObject({ id: userId, user_id: userId, emails: [{ address: 'alice@example.com', is_primary: true }] })
    expect(await call(hanko, '/me')).toMatchObject({ status: 401, body: { code: 401, message: 'Unauthorized' } })
  })

  it('/users/{id} answers the v2 shape for your own id and 403 for another', async () => {
    const hanko = await freshEmulator({ now })
    const { token, userId } = await hanko.mintSessionToken({ email: 'alice@example.com' })
    const user = await call(hanko, `/users/${userId}`, { headers: bearer(token) })
    expect(user.body).toMatchObject({ id: userId, email: 'alice@example.com', webauthn_credentials: null, user_id: userId })
    expect((await call(hanko, `/users/${crypto.randomUUID()}`, { headers: bearer(token) })).status).toBe(403)
  })

  it('/logout deletes the session with 204 and a deleting cookie, then answers 401', async () => {
    const hanko = await freshEmulator({ now })
    const { token } = await hanko.mintSessionToken()
    const logout = await call(hanko, '/logout', { method: 'POST', headers: bearer(token) })
    expect(logout.status).toBe(204)
    expect(logout.headers.get('set-cookie')).toBe('hanko=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict')
    expect((await call(hanko, '/logout', { method: 'POST', headers: bearer(token) })).status).toBe(401)
  })
})

describe('GET /.well-known/jwks.json', () => {
  it('lists every unretired key, newest first, cacheable for 600 seconds', async () => {
    const hanko = await freshEmulator({ now })
    const [first] = hanko.keys.list()
    const second = await hanko.keys.rotate()
    const jwks = await call(hanko, '/.well-known/jwks.json')
    expect(jwks.headers.get('cache-control')).toBe('max-age=600')
    expect(jwks.body.keys.map((key: { kid: string }) => key.kid)).toEqual([second.kid, first!.kid])
    expect(Object.keys(jwks.body.keys[0]).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use'])
    expect(jwks.body).toEqual(await hanko.jwks())
  })
})

describe('CORS', () => {
  it('answers a preflight from a localhost origin with 204 and the exact origin, methods and requested headers', async () => {
    const hanko = await freshEmulator({ now })
    const answer = await call(hanko, '/login', {
      method: 'OPTIONS',
      headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-language' },
    })
    expect(answer.status).toBe(204)
    expect(Object.fromEntries(answer.headers)).toEqual({
      'access-control-allow-origin': APP_ORIGIN,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
      'access-control-allow-headers': 'authorization,content-type,x-language',
      'access-control-max-age': '7200',
      vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
      'x-request-id': expect.stringMatching(/^[A-Za-z]{32}$/),
    })
  })

  it('exposes the session headers on actual responses, X-Auth-Token only in header mode', async () => {
    const hanko = await freshEmulator({ now })
    const answer = await call(hanko, '/login', { method: 'POST' })
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN)
    expect(answer.headers.get('access-control-allow-credentials')).toBe('true')
    expect(answer.headers.get('vary')).toBe('Origin')
    expect(answer.headers.get('access-control-expose-headers')).toBe(
      'Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, X-Session-Lifetime, X-Session-Retention, X-Auth-Token',
    )
  })

  it('allows any localhost, 127.0.0.1 and [::1] port, and nothing else by default', async () => {
    const hanko = await freshEmulator({ now })
    for (const origin of ['http://localhost:5173', 'https://app.localhost', 'http://127.0.0.1:4321', 'http://[::1]:8080']) {
      expect((await call(hanko, '/me', { headers: { origin } })).headers.get('access-control-allow-origin')).toBe(origin)
    }
    for (const origin of ['https://evil.example', 'http://localhost.evil.example', 'null']) {
      const answer = await call(hanko, '/login', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } })
      expect(answer.status).toBe(204)
      expect(answer.headers.get('access-control-allow-origin')).toBeNull()
    }
  })

  it('gives an origin the same verdict on every request, however many other origins came meanwhile', async () => {
    const hanko = await freshEmulator({ now })
    const allowed = async (origin: string): Promise<boolean> => (await call(hanko, '/health/alive', { headers: { origin } })).headers.get('access-control-allow-origin') === origin
    for (let port = 3001; port <= 3100; port++) {
      expect(await allowed(`http://localhost:${port}`)).toBe(true)
      expect(await allowed(`https://evil${port}.example`)).toBe(false)
    }
    expect(await allowed(APP_ORIGIN)).toBe(true)
    expect(await allowed('https://evil3001.example')).toBe(false)
  })

  it('follows allowedOrigins when given', async () => {
    const hanko = await freshEmulator({ now, allowedOrigins: ['https://app.example'] })
    expect((await call(hanko, '/me', { headers: { origin: 'https://app.example' } })).headers.get('access-control-allow-origin')).toBe('https://app.example')
    expect((await call(hanko, '/me')).headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('token delivery in cookie mode', () => {
  it('sends no Max-Age with session retention, the configured attributes, and X-Session-Retention: session', async () => {
    const hanko = await freshEmulator({ now, tokenDelivery: 'cookie', retention: 'session', cookie: { sameSite: 'lax', secure: false, domain: 'localhost' } })
    hanko.users.create('alice@example.com')
    const { token, success } = await passcodeLogin(hanko, 'alice@example.com')
    expect(token).toBe('')
    expect(success.headers.get('x-session-retention')).toBe('session')
    expect(success.headers.get('set-cookie')).toMatch(/^hanko=eyJ[\w.-]+; Path=\/; Domain=localhost; HttpOnly; SameSite=Lax$/)
  })
})
