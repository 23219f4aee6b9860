import { beforeAll, describe, expect, it } from 'vitest'
import { type JwksFetchEvent, type SessionVerifierOptions, isSessionError, verifySession } from '@hanko-session/core'
import { AUDIENCE, type Fixture, NOW, createFixture } from '../../test/conformance/harness.js'

let fixture: Fixture
beforeAll(async () => {
  fixture = await createFixture()
})

let tenants = 0
/** A Hanko of its own (its own URL, so the state verifySession keeps never leaks between tests). */
function tenant() {
  const apiUrl = `https://tenant-${++tenants}.hanko.example.test`
  let jwksRequests = 0
  const serve = async (input: string | URL | Request): Promise<Response> => {
    const url = String(input instanceof Request ? input.url : input)
    if (url !== `${apiUrl}/.well-known/jwks.json`) throw new Error(`unexpected request to ${url}`)
    jwksRequests++
    return Response.json({ keys: [fixture.key.jwk] }, { headers: { 'cache-control': 'max-age=600' } })
  }
  return { apiUrl, serve, jwksRequests: () => jwksRequests }
}

describe('verifySession', () => {
  it('shares one JWKS cache per URL: 3,000 calls with inline now and fetch functions make one request', async () => {
    const hanko = tenant()
    const token = await fixture.mint()
    for (let call = 0; call < 3_000; call++) {
      const session = await verifySession(token, {
        apiUrl: hanko.apiUrl,
        audience: AUDIENCE,
        fetch: (input) => hanko.serve(input),
        now: () => NOW,
      })
      expect(session.userId).toBe(fixture.userId)
    }
    expect(hanko.jwksRequests()).toBeLessThanOrEqual(2)
  })

  it('applies a mutated options object at the next call, also for a token it verified before', async () => {
    const hanko = tenant()
    const token = await fixture.mint({ claims: fixture.claims({ exp: NOW / 1000 + 120 }) })
    const options: { -readonly [K in keyof SessionVerifierOptions]: SessionVerifierOptions[K] } = {
      apiUrl: hanko.apiUrl,
      audience: AUDIENCE,
      fetch: hanko.serve,
      now: () => NOW,
    }
    await verifySession(token, options)
    await verifySession(token, options) // now in the verified-token cache
    options.audience = 'other.example'
    await expect(verifySession(token, options)).rejects.toMatchObject({ code: 'ERR_CLAIM_INVALID', claim: 'aud' })
    options.audience = AUDIENCE
    options.now = () => NOW + 5 * 60_000
    await expect(verifySession(token, options)).rejects.toMatchObject({ code: 'ERR_TOKEN_EXPIRED' })
    options.now = () => NOW
    options.issuer = 'https://issuer.example'
    await expect(verifySession(token, options)).rejects.toMatchObject({ code: 'ERR_CLAIM_INVALID', claim: 'iss' })
    expect(hanko.jwksRequests()).toBe(1)
  })

  it('never serves a token verified for one audience from the cache to another', async () => {
    const hanko = tenant()
    const token = await fixture.mint({ claims: fixture.claims({ aud: ['a.example'] }) })
    const base = { apiUrl: hanko.apiUrl, fetch: hanko.serve, now: () => NOW }
    for (let call = 0; call < 3; call++) await verifySession(token, { ...base, audience: 'a.example' })
    await expect(verifySession(token, { ...base, audience: 'b.example' })).rejects.toMatchObject({ code: 'ERR_CLAIM_INVALID' })
  })

  it('rejects invalid options with ERR_INVALID_OPTIONS instead of throwing', async () => {
    const token = await fixture.mint()
    for (const options of [undefined, null, {}, { apiUrl: 'http://hanko.example', audience: AUDIENCE }, { apiUrl: 'https://x.example', audience: AUDIENCE, tokenCache: 5 }]) {
      let outcome: unknown
      expect(() => {
        outcome = verifySession(token, options as never)
      }).not.toThrow()
      const error: unknown = await (outcome as Promise<unknown>).catch((caught: unknown) => caught)
      expect(isSessionError(error) && error.code).toBe('ERR_INVALID_OPTIONS')
    }
    const throwing = Object.defineProperty({ audience: AUDIENCE }, 'apiUrl', {
      enumerable: true,
      get() {
        throw new Error('getter')
      },
    })
    await expect(verifySession(token, throwing as never)).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS' })
  })

  it("calls each configuration's hooks only for what its own calls caused", async () => {
    const hanko = tenant()
    const token = await fixture.mint()
    const seenByA: JwksFetchEvent[] = []
    const seenByB: JwksFetchEvent[] = []
    await verifySession(token, { apiUrl: hanko.apiUrl, audience: AUDIENCE, fetch: hanko.serve, now: () => NOW, onJwksFetch: (event) => seenByA.push(event) })
    await verifySession(token, { apiUrl: hanko.apiUrl, audience: AUDIENCE, fetch: hanko.serve, now: () => NOW, onJwksFetch: (event) => seenByB.push(event) })
    expect(seenByA).toHaveLength(1)
    expect(seenByB).toHaveLength(0)
    expect(hanko.jwksRequests()).toBe(1)
  })

  it('keeps keys apart for different algorithm sets (the key policy depends on them)', async () => {
    const hanko = tenant()
    const token = await fixture.mint()
    const base = { apiUrl: hanko.apiUrl, audience: AUDIENCE, fetch: hanko.serve, now: () => NOW }
    await verifySession(token, base)
    await verifySession(token, { ...base, algorithms: ['RS256', 'PS256'] })
    expect(hanko.jwksRequests()).toBe(2)
  })
})
