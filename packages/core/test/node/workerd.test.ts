/**
 * Cloudflare Workers specifics, in real workerd (miniflare): on workerd a fetch belongs to the request
 * that started it, so sharing one JWKS fetch between concurrent requests must not produce
 * cross-request I/O errors, and a request that ends early must not strand the others.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AUDIENCE, type Fixture, createFixture } from '../conformance/harness.js'

const packageRoot = fileURLToPath(new URL('../..', import.meta.url))
let fixture: Fixture
let jwksHits = 0
let jwksDelay = 300
const server = createServer((request, response) => {
  if (request.url !== '/.well-known/jwks.json') return response.writeHead(404).end()
  jwksHits++
  setTimeout(() => {
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=600' }).end(JSON.stringify({ keys: [fixture.key.jwk] }))
  }, jwksDelay)
})
let worker: string

beforeAll(async () => {
  fixture = await createFixture()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  // A worker as users write it: one module-level verifier shared by all requests of the isolate.
  const result = await build({
    stdin: {
      contents: `
        import { createSessionVerifier } from '@hanko-session/core'
        const verifier = createSessionVerifier({ apiUrl: ${JSON.stringify(apiUrl)}, audience: ${JSON.stringify(AUDIENCE)}, now: () => Date.parse('2031-01-15T12:00:00Z') })
        export default {
          async fetch(request) {
            if (new URL(request.url).pathname === '/early') {
              // Starts the shared JWKS fetch, then ends its request before the fetch completes.
              verifier.verify(request).catch(() => {})
              return new Response('left early')
            }
            return verifier.verify(request).then((session) => Response.json(session), (error) => error.toResponse())
          },
        }`,
      resolveDir: packageRoot,
      loader: 'js',
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    tsconfigRaw: { compilerOptions: {} },
    logLevel: 'error',
  })
  worker = result.outputFiles[0]!.text
})

afterAll(() => new Promise((resolve) => server.close(resolve)))

describe('on workerd', () => {
  it('shares one JWKS fetch between 50 concurrent requests, without cross-request I/O errors', async () => {
    jwksHits = 0
    jwksDelay = 300
    const miniflare = new Miniflare({ modules: true, script: worker, compatibilityDate: '2026-04-01' })
    try {
      const token = await fixture.mint()
      const responses = await Promise.all(
        Array.from({ length: 50 }, () => miniflare.dispatchFetch('http://worker/', { headers: { authorization: `Bearer ${token}` } })),
      )
      const bodies = await Promise.all(responses.map((response) => response.json() as Promise<{ userId?: string }>))
      expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200))
      expect(bodies.every((body) => body.userId === fixture.userId)).toBe(true)
      expect(jwksHits).toBe(1)
    } finally {
      await miniflare.dispose()
    }
  })

  it('does not strand a request whose shared fetch belonged to a request that already ended', async () => {
    jwksHits = 0
    jwksDelay = 300
    const miniflare = new Miniflare({ modules: true, script: worker, compatibilityDate: '2026-04-01' })
    try {
      const token = await fixture.mint()
      const early = await miniflare.dispatchFetch('http://worker/early', { headers: { authorization: `Bearer ${token}` } })
      expect(await early.text()).toBe('left early')
      const started = Date.now()
      const response = await miniflare.dispatchFetch('http://worker/', { headers: { authorization: `Bearer ${token}` } })
      expect(response.status).toBe(200)
      expect(((await response.json()) as { userId: string }).userId).toBe(fixture.userId)
      // At worst it waited out the abandoned flight (3 s + grace) and fetched again itself.
      expect(Date.now() - started).toBeLessThan(8_000)
    } finally {
      await miniflare.dispose()
    }
  }, 15_000)
})
