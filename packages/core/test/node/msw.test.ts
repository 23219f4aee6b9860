/**
 * Hanko mocked with msw, as users test their apps: msw's response bodies may never settle a
 * `cancel()`, so an error answer must be reported at once, never after the timeout.
 */
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createSessionVerifier } from '@hanko-session/core'
import { API_URL, AUDIENCE, type Fixture, NOW, createFixture } from '../conformance/harness.js'

let fixture: Fixture
const server = setupServer()

beforeAll(async () => {
  fixture = await createFixture()
  server.listen({ onUnhandledRequest: 'error' })
})
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const jwks = () => http.get(`${API_URL}/.well-known/jwks.json`, () => HttpResponse.json({ keys: [fixture.key.jwk] }))
const verifier = (options: object = {}) => createSessionVerifier({ apiUrl: API_URL, audience: AUDIENCE, now: () => NOW, ...options })

describe('through msw', () => {
  it('reports a 503 from the JWKS endpoint as ERR_JWKS_UNAVAILABLE, not as a timeout', async () => {
    server.use(http.get(`${API_URL}/.well-known/jwks.json`, () => HttpResponse.json({ message: 'down' }, { status: 503 })))
    await expect(verifier().verify(await fixture.mint())).rejects.toMatchObject({ code: 'ERR_JWKS_UNAVAILABLE' })
  })

  it('reports a 503 from /sessions/validate as ERR_REVOCATION_UNAVAILABLE, not as a timeout', async () => {
    server.use(jwks(), http.post(`${API_URL}/sessions/validate`, () => HttpResponse.text('unavailable', { status: 503 })))
    const error: unknown = await verifier({ revocation: { mode: 'remote', timeout: 10_000 } })
      .verify(await fixture.mint())
      .catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'ERR_REVOCATION_UNAVAILABLE', message: expect.stringContaining('503') })
  })

  it('verifies against keys served by msw', async () => {
    server.use(jwks())
    await expect(verifier().verify(await fixture.mint())).resolves.toMatchObject({ userId: fixture.userId })
  })
})
