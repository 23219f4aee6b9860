import { describe, expect, it } from 'vitest'
import { Router } from '../lib/router.js'
import { API, APP_ORIGIN, bearer, call, fixedClock, freshEmulator } from './helpers.js'

const now = fixedClock()

describe('Router', () => {
  const router = new Router([
    { method: 'GET', path: '/me', handler: 'me' },
    { method: 'GET', path: '/users/:id', handler: 'user' },
    { method: 'DELETE', path: '/users/:id', handler: 'delete user' },
    { method: 'POST', path: '/sessions/:id/expire', handler: 'expire' },
  ])

  it('finds static paths and hands `:name` segments over decoded', () => {
    expect(router.find('GET', '/me')).toEqual({ kind: 'found', handler: 'me', params: {} })
    expect(router.find('GET', '/users/a%40b')).toEqual({ kind: 'found', handler: 'user', params: { id: 'a@b' } })
    expect(router.find('POST', '/sessions/s1/expire')).toEqual({ kind: 'found', handler: 'expire', params: { id: 's1' } })
  })

  it('tells a known path with another method apart from an unknown path, listing the methods in table order', () => {
    expect(router.find('POST', '/users/1')).toEqual({ kind: 'method-not-allowed', allow: ['GET', 'DELETE'] })
    expect(router.find('GET', '/nope')).toEqual({ kind: 'not-found' })
  })

  it('matches no empty segment, no extra segment, no trailing slash and no broken escape', () => {
    for (const path of ['/users/', '/users/1/2', '/me/', '/users/%E0%A4%A', '', '/']) expect(router.find('GET', path)).toEqual({ kind: 'not-found' })
  })

  it('finds nothing for methods named like Object.prototype members', () => {
    for (const method of ['constructor', '__proto__', 'toString', 'get']) expect(router.find(method, '/me').kind).toBe('method-not-allowed')
  })
})

describe('Hanko routes', () => {
  it('answer an unknown method on a known path with echo’s 404, as Hanko does, and no Allow header', async () => {
    const hanko = await freshEmulator({ now })
    for (const [method, path] of [['GET', '/login'], ['PUT', '/logout'], ['DELETE', '/sessions/validate'], ['POST', '/.well-known/jwks.json'], ['HEAD', '/me']] as const) {
      const answer = await call(hanko, path, { method })
      expect(answer.status, `${method} ${path}`).toBe(404)
      expect(answer.headers.get('allow')).toBeNull()
    }
  })

  it('serve Hanko’s status page at GET /: 200 and HTML', async () => {
    const hanko = await freshEmulator({ now })
    const response = await hanko.fetch(new Request(`${API}/`))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=UTF-8')
    expect(await response.text()).toContain('<h1>API Status</h1>')
    expect((await call(hanko, '/', { method: 'POST' })).status).toBe(404)
  })

  it('keep GET /users/{id} (removed in Hanko v3) for the SDK’s deprecated getUser()', async () => {
    const hanko = await freshEmulator({ now })
    const { token, userId } = await hanko.mintSessionToken({ email: 'alice@example.com' })
    expect(await call(hanko, `/users/${userId}`, { headers: bearer(token) })).toMatchObject({ status: 200, body: { id: userId } })
    expect((await call(hanko, `/users/${encodeURIComponent(userId)}`, { headers: bearer(token) })).status).toBe(200)
    expect((await call(hanko, '/users/someone-else', { headers: bearer(token) })).status).toBe(403)
  })
})

describe('X-Request-Id', () => {
  it('is on every answer: routes, errors, preflights, dev routes and faults, a new random id each time', async () => {
    const hanko = await freshEmulator({ now })
    hanko.faults.inject({ path: '/me', kind: 'error', status: 503 })
    const answers = await Promise.all([
      call(hanko, '/.well-known/jwks.json'),
      call(hanko, '/nope'),
      call(hanko, '/login', { method: 'OPTIONS', headers: { 'access-control-request-method': 'POST' } }),
      call(hanko, '/__emulator/users'),
      call(hanko, '/me'),
    ])
    expect(answers.map((answer) => answer.status)).toEqual([200, 404, 204, 200, 503])
    const ids = answers.map((answer) => answer.headers.get('x-request-id'))
    for (const id of ids) expect(id).toMatch(/^[A-Za-z]{32}$/)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('repeats the id the client sent, as echo’s RequestID middleware does', async () => {
    const hanko = await freshEmulator({ now })
    const answer = await call(hanko, '/health/alive', { headers: { 'x-request-id': 'trace-42' } })
    expect(answer.headers.get('x-request-id')).toBe('trace-42')
  })
})

describe('GET /__emulator', () => {
  it('lists exactly the dev routes there are: every listed route answers, none with "no dev route"', async () => {
    const hanko = await freshEmulator({ now })
    const { body } = await call(hanko, '/__emulator')
    expect(body.routes).toContain('GET    /__emulator/passcodes/last?email=…')
    expect(body.routes.length).toBeGreaterThan(15)
    for (const line of body.routes as string[]) {
      const [, method, target] = /^(\w+) +(\S+)/.exec(line)!
      const path = target!.replace(/\{\w+\}/g, 'unknown').replace(/\[?\?.*$/, '')
      const answer = await call(hanko, path, { method: method!, ...(method === 'POST' ? { json: {} } : {}) })
      expect(answer.status, line).not.toBe(405)
      expect(answer.body?.message ?? '', line).not.toMatch(/^No dev route/)
    }
  })

  it('answers a known dev path with another method with 405 and Allow', async () => {
    const hanko = await freshEmulator({ now })
    const answer = await call(hanko, '/__emulator/faults', { method: 'PUT' })
    expect(answer).toMatchObject({ status: 405, body: { code: 405 } })
    expect(answer.headers.get('allow')).toBe('GET, POST, DELETE')
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN)
  })
})
