/**
 * The JWKS transport against a real HTTP server on loopback, with Node's real fetch: what an injected
 * fetch cannot show (redirect handling by the platform, slow and lying bodies, dropped connections).
 */
import { type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createSessionVerifier } from '@hanko-session/core'
import { AUDIENCE, type Fixture, createFixture } from '../conformance/harness.js'

let fixture: Fixture
let server: Server | undefined
let hits = 0

beforeAll(async () => {
  fixture = await createFixture()
})

afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
  server = undefined
  hits = 0
})

async function serve(handler: (response: ServerResponse) => void): Promise<string> {
  server = createServer((request, response) => {
    if (request.url === '/.well-known/jwks.json') hits++
    handler(response)
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const jwksBody = (): string => JSON.stringify({ keys: [fixture.key.jwk] })
const verifierFor = (apiUrl: string) => createSessionVerifier({ apiUrl, audience: AUDIENCE, now: () => Date.parse('2031-01-15T12:00:00Z') })

describe('JWKS over real HTTP', () => {
  it('verifies with keys from a loopback Hanko, fetched once for many concurrent cold requests', async () => {
    const apiUrl = await serve((response) => {
      setTimeout(() => response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=600' }).end(jwksBody()), 50)
    })
    const verifier = verifierFor(apiUrl)
    const token = await fixture.mint()
    const sessions = await Promise.all(Array.from({ length: 200 }, () => verifier.verify(token)))
    expect(sessions.every((session) => session.userId === fixture.userId)).toBe(true)
    expect(hits).toBe(1)
  })

  it('does not follow a redirect to another host', async () => {
    const apiUrl = await serve((response) => response.writeHead(302, { location: 'https://attacker.example/jwks.json' }).end())
    await expect(verifierFor(apiUrl).verify(await fixture.mint())).rejects.toMatchObject({ code: 'ERR_JWKS_UNAVAILABLE', message: expect.stringContaining('redirect') })
  })

  it('times out on a server that sends headers and then trickles the body', async () => {
    const apiUrl = await serve((response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.write('{"keys":')
      // Never finishes: the deadline covers the body, not just the headers.
    })
    const started = Date.now()
    await expect(verifierFor(apiUrl).verify(await fixture.mint())).rejects.toMatchObject({ code: 'ERR_JWKS_TIMEOUT' })
    expect(Date.now() - started).toBeLessThan(4_500)
  })

  it('stops reading a chunked body past 64 KiB', async () => {
    const apiUrl = await serve((response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      const chunk = 'x'.repeat(16 * 1024)
      for (let index = 0; index < 64; index++) response.write(chunk)
      response.end()
    })
    await expect(verifierFor(apiUrl).verify(await fixture.mint())).rejects.toMatchObject({ code: 'ERR_JWKS_INVALID', message: expect.stringContaining('65536 bytes') })
  })

  it('reports a connection dropped in the middle of the body as unavailable', async () => {
    const apiUrl = await serve((response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' })
      response.write('{"keys":[')
      setTimeout(() => response.socket?.destroy(), 20)
    })
    await expect(verifierFor(apiUrl).verify(await fixture.mint())).rejects.toMatchObject({ code: 'ERR_JWKS_UNAVAILABLE' })
  })

  it('reports a refused connection as unavailable', async () => {
    const apiUrl = await serve((response) => response.end())
    server!.close()
    await new Promise((resolve) => setTimeout(resolve, 20))
    await expect(verifierFor(apiUrl).verify(await fixture.mint())).rejects.toMatchObject({ code: 'ERR_JWKS_UNAVAILABLE' })
  })
})
