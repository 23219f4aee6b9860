import type { JwksErrorEvent, JwksFetchEvent, SessionVerifier, StaleKeysEvent, UnknownKidEvent } from '@hanko-session/core'
import { type ConformanceGroup, type FakeHanko, NOW_SECONDS, assert, assertEqual, expectSession, rejectsWith, throwsWith } from '../harness.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/** Lets background work (a refresh answered by the fake Hanko) finish. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

/** Retries `token` every 100 ms of the fake clock; fails once 5 s have passed since its first use. */
async function acceptedWithinFiveSeconds(hanko: FakeHanko, verifier: SessionVerifier, token: string): Promise<void> {
  const firstUse = hanko.clock.now()
  while (!(await verifier.verify(token).then(() => true, () => false))) {
    hanko.clock.advance(100)
    assert(hanko.clock.now() - firstUse <= 5_000, 'the rotated key is accepted within 5 s of its first use')
  }
}

/** Catalogue §4 D: what a JWKS may contain. */
export const jwksContent: ConformanceGroup = {
  name: 'D. JWKS content',
  cases: [
    {
      id: 'D1',
      title: 'never uses a key marked for encryption, without "verify" in key_ops, or with another alg',
      async run(fixture) {
        for (const variant of [{ use: 'enc' }, { key_ops: ['encrypt'] }, { key_ops: [] }, { alg: 'RS512' }, { alg: 'RSA-OAEP' }]) {
          const hanko = fixture.hanko()
          hanko.publish([{ ...fixture.key.jwk, ...variant }])
          const error = await rejectsWith(hanko.verifier().verify(await fixture.mint()), 'ERR_NO_MATCHING_KEY')
          assert(error.message.includes('refused'), `the reason is given: ${error.message}`)
        }
      },
    },
    {
      id: 'D2',
      title: 'never uses an EC, OKP or oct key for an RS256 token',
      async run(fixture) {
        const hanko = fixture.hanko()
        hanko.publish([
          { kty: 'EC', crv: 'P-256', kid: fixture.key.kid, x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0' },
        ])
        await rejectsWith(hanko.verifier().verify(await fixture.mint()), 'ERR_NO_MATCHING_KEY')
        hanko.publish([{ kty: 'oct', kid: fixture.key.kid, k: 'c2VjcmV0' }])
        await rejectsWith(hanko.verifier().verify(await fixture.mint()), 'ERR_NO_MATCHING_KEY')
        hanko.publish([{ ...fixture.key.jwk, kty: 'OKP' }])
        await rejectsWith(hanko.verifier().verify(await fixture.mint()), 'ERR_NO_MATCHING_KEY')
      },
    },
    {
      id: 'D3',
      title: 'never uses a published private key or secret, even for its own kid',
      async run(fixture) {
        const hanko = fixture.hanko()
        const { exportJWK } = await import('jose')
        const privateJwk = { ...(await exportJWK(fixture.key.privateKey)), kid: fixture.key.kid, alg: 'RS256' }
        hanko.publish([privateJwk, fixture.nextKey])
        const error = await rejectsWith(hanko.verifier().verify(await fixture.mint()), 'ERR_NO_MATCHING_KEY')
        assert(error.message.includes('private'), `the reason names private key material: ${error.message}`)
        const other = await fixture.mint({ key: fixture.nextKey })
        expectSession(await hanko.verifier().verify(other), fixture)
      },
    },
    {
      id: 'D4',
      title: 'fails closed on a kid listed twice, even when one copy is the right key',
      async run(fixture) {
        const hanko = fixture.hanko()
        hanko.publish([fixture.key, { ...fixture.attackerKey.jwk }])
        await rejectsWith(hanko.verifier().verify(await fixture.mint()), 'ERR_AMBIGUOUS_KEY')
        await rejectsWith(hanko.verifier().verify(await fixture.mint({ key: fixture.attackerKey })), 'ERR_AMBIGUOUS_KEY')
      },
    },
    {
      id: 'D5',
      title: 'reports a structurally broken JWKS as ERR_JWKS_INVALID (503)',
      async run(fixture) {
        for (const body of ['null', '{}', '{"keys":null}', '{"keys":[null]}', '{"keys":[1]}', '{"keys":{}}', '[]', '{"keys":[],"keys":[]}']) {
          const hanko = fixture.hanko()
          hanko.respondJwks({ body, headers: { 'content-type': 'application/json' } })
          const error = await rejectsWith(hanko.verifier().verify(await fixture.mint()), 'ERR_JWKS_INVALID')
          assertEqual(error.httpStatus, 503, 'httpStatus')
        }
      },
    },
    {
      id: 'D6',
      title: 'treats an empty key set as "no matching key"',
      async run(fixture) {
        const hanko = fixture.hanko()
        hanko.publish([])
        await rejectsWith(hanko.verifier().verify(await fixture.mint()), 'ERR_NO_MATCHING_KEY')
      },
    },
    {
      id: 'D7',
      title: 'refuses a JWKS over 64 KiB or with more than 32 keys',
      async run(fixture) {
        const hanko = fixture.hanko()
        hanko.respondJwks({ body: JSON.stringify({ keys: [fixture.key.jwk], padding: 'x'.repeat(70_000) }), headers: { 'content-type': 'application/json' } })
        await rejectsWith(hanko.verifier().verify(await fixture.mint()), 'ERR_JWKS_INVALID')
        hanko.respondJwks({ body: 'x'.repeat(100), headers: { 'content-type': 'application/json', 'content-length': String(30 * 1024 * 1024) } })
        await rejectsWith(hanko.verifier().verify(await fixture.mint()), 'ERR_JWKS_INVALID')
        hanko.respondJwks({})
        hanko.publish(Array.from({ length: 33 }, (_, index) => ({ ...fixture.nextKey.jwk, kid: `key-${index + 10}` })))
        await rejectsWith(hanko.verifier().verify(await fixture.mint()), 'ERR_JWKS_INVALID')
      },
    },
  ],
}

/** Catalogue §4 E: transport, caching and concurrency, all on the injected clock. */
export const jwksTransport: ConformanceGroup = {
  name: 'E. JWKS transport, caching and concurrency',
  cases: [
    {
      id: 'E1',
      title: 'maps a 404 or 500 from the JWKS endpoint to ERR_JWKS_UNAVAILABLE (503)',
      async run(fixture) {
        for (const status of [401, 404, 500, 502]) {
          const hanko = fixture.hanko()
          hanko.respondJwks({ status, body: 'error', headers: { 'content-type': 'application/json' } })
          await rejectsWith(hanko.verifier().verify(await fixture.mint()), 'ERR_JWKS_UNAVAILABLE')
        }
      },
    },
    {
      id: 'E2',
      title: 'refuses a non-JSON answer (a captive portal) and invalid JSON',
      async run(fixture) {
        const hanko = fixture.hanko()
        hanko.respondJwks({ body: '<html>Sign in to the Wi-Fi</html>', headers: { 'content-type': 'text/html' } })
        await rejectsWith(hanko.verifier().verify(await fixture.mint()), 'ERR_JWKS_UNAVAILABLE')
        hanko.respondJwks({ body: JSON.stringify({ keys: [fixture.key.jwk] }), headers: {} })
        await rejectsWith(hanko.verifier().verify(await fixture.mint()), 'ERR_JWKS_UNAVAILABLE')
        hanko.respondJwks({ body: '{"keys":[', headers: { 'content-type': 'application/json' } })
        await rejectsWith(hanko.verifier().verify(await fixture.mint()), 'ERR_JWKS_INVALID')
        hanko.respondJwks({ body: JSON.stringify({ keys: [fixture.key.jwk] }), headers: { 'content-type': 'application/jwk-set+json' } })
        expectSession(await hanko.verifier().verify(await fixture.mint()), fixture)
      },
    },
    {
      id: 'E3',
      title: 'gives up on a hanging JWKS endpoint after 3 seconds with ERR_JWKS_TIMEOUT',
      async run(fixture) {
        const hanko = fixture.hanko()
        hanko.respondJwks({ hang: true })
        const started = Date.now()
        await rejectsWith(hanko.verifier().verify(await fixture.mint()), 'ERR_JWKS_TIMEOUT')
        const elapsed = Date.now() - started
        assert(elapsed >= 2_900 && elapsed < 6_000, `timed out after ${elapsed} ms`)
      },
    },
    {
      id: 'E4',
      title: 'maps a network failure (DNS, connection refused) to ERR_JWKS_UNAVAILABLE',
      async run(fixture) {
        const hanko = fixture.hanko()
        hanko.respondJwks({ networkError: true })
        const error = await rejectsWith(hanko.verifier().verify(await fixture.mint()), 'ERR_JWKS_UNAVAILABLE')
        assert(error.cause instanceof TypeError, 'the network error is kept as cause')
      },
    },
    {
      id: 'E5',
      title: 'never follows a redirect of the JWKS URL',
      async run(fixture) {
        const hanko = fixture.hanko()
        let redirectMode: RequestRedirect | undefined
        const verifier = hanko.verifier({
          fetch: async (input, init) => {
            redirectMode = init?.redirect
            return new Response(null, { status: 302, headers: { location: 'https://attacker.example/jwks.json' } })
          },
        })
        const error = await rejectsWith(verifier.verify(await fixture.mint()), 'ERR_JWKS_UNAVAILABLE')
        assertEqual(redirectMode, 'manual', 'fetch redirect mode')
        assert(error.message.includes('redirect'), `the message explains: ${error.message}`)
      },
    },
    {
      id: 'E6',
      title: 'does not retry within a call, and tries again on the next call after a cold failure',
      async run(fixture) {
        const hanko = fixture.hanko()
        const verifier = hanko.verifier()
        hanko.respondJwks({ status: 503, body: '' })
        await rejectsWith(verifier.verify(await fixture.mint()), 'ERR_JWKS_UNAVAILABLE')
        assertEqual(hanko.jwksRequests(), 1, 'requests after one failed call')
        hanko.respondJwks({})
        expectSession(await verifier.verify(await fixture.mint()), fixture)
        assertEqual(hanko.jwksRequests(), 2, 'requests after recovery')
      },
    },
    {
      id: 'E7',
      title: 'lets a flood of unknown kids cost at most 6 JWKS requests in any 30 seconds',
      async run(fixture) {
        const hanko = fixture.hanko()
        const kids: UnknownKidEvent[] = []
        const verifier = hanko.verifier({ onUnknownKid: (event) => kids.push(event) })
        expectSession(await verifier.verify(await fixture.mint()), fixture)
        const claims = fixture.claims({ exp: NOW_SECONDS + 4 * 3600 })
        const bogus = await Promise.all(
          Array.from({ length: 50 }, (_, index) => fixture.mint({ claims, key: { ...fixture.attackerKey, kid: `bogus-${index}` } })),
        )
        // 10,000 probes spread over 30 s of (injected) time: one every 3 ms.
        for (let probe = 0; probe < 10_000; probe++) {
          hanko.clock.advance(3)
          await rejectsWith(verifier.verify(bogus[probe % bogus.length]), 'ERR_NO_MATCHING_KEY')
        }
        assert(hanko.jwksRequests() <= 6, `${hanko.jwksRequests()} JWKS requests in 30 s (including the first)`)
        for (let probe = 0; probe < 20_000; probe++) {
          hanko.clock.advance(3)
          await rejectsWith(verifier.verify(bogus[probe % bogus.length]), 'ERR_NO_MATCHING_KEY')
        }
        assert(hanko.jwksRequests() <= 18, `${hanko.jwksRequests()} JWKS requests in 90 s`)
        assert(kids.length === 30_000 && kids[0]!.kid === '"bogus-0"', 'onUnknownKid reports every miss, JSON-quoted')
        assertEqual(kids.filter((event) => event.refetched).length, hanko.jwksRequests() - 1, 'refetched counts the requests misses made')
      },
    },
    {
      id: 'E8',
      title: 'serves 1,000 concurrent cold verifications with exactly one JWKS request',
      async run(fixture) {
        const hanko = fixture.hanko()
        const verifier = hanko.verifier()
        const token = await fixture.mint()
        const sessions = await Promise.all(Array.from({ length: 1_000 }, () => verifier.verify(token)))
        assertEqual(sessions.length, 1_000, 'sessions')
        assertEqual(hanko.jwksRequests(), 1, 'JWKS requests')
      },
    },
    {
      id: 'E9',
      title: 'honours Cache-Control max-age clamped to [1 min, 1 h] (10 min without it), refreshing at 80 % in the background',
      async run(fixture) {
        for (const [cacheControl, ttl] of [
          ['max-age=600', 10 * MINUTE],
          ['public, max-age=120', 2 * MINUTE],
          ['max-age=5', MINUTE],
          ['no-store', MINUTE],
          ['max-age=86400', HOUR],
          [undefined, 10 * MINUTE],
        ] as const) {
          const hanko = fixture.hanko()
          const fetches: JwksFetchEvent[] = []
          hanko.respondJwks({ headers: { 'content-type': 'application/json', ...(cacheControl ? { 'cache-control': cacheControl } : {}) } })
          const verifier = hanko.verifier({ onJwksFetch: (event) => fetches.push(event), tokenCache: false })
          const token = await fixture.mint({ claims: fixture.claims({ exp: NOW_SECONDS + 3 * 3600 }) })
          await verifier.verify(token)
          assertEqual(fetches[0]?.ttlMs, ttl, `TTL for ${cacheControl}`)
          hanko.clock.advance(ttl * 0.8 - 1)
          await verifier.verify(token)
          assertEqual(hanko.jwksRequests(), 1, `no refetch before 80 % (${cacheControl})`)
          hanko.clock.advance(2)
          await verifier.verify(token)
          await new Promise((resolve) => setTimeout(resolve, 0))
          assertEqual(hanko.jwksRequests(), 2, `a background refresh at 80 % (${cacheControl})`)
          assertEqual(fetches[1]?.reason, 'refresh-ahead', 'reason')
        }
      },
    },
    {
      id: 'E10',
      title: 'serves the last good keys for up to 1 hour past their TTL while the endpoint fails, then fails closed',
      async run(fixture) {
        const hanko = fixture.hanko()
        const stale: StaleKeysEvent[] = []
        const errors: JwksErrorEvent[] = []
        const verifier = hanko.verifier({ onStaleKeys: (event) => stale.push(event), onJwksError: (event) => errors.push(event), tokenCache: false })
        const token = await fixture.mint({ claims: fixture.claims({ exp: NOW_SECONDS + 5 * 3600 }) })
        await verifier.verify(token)
        hanko.respondJwks({ status: 500, body: '' })
        hanko.clock.advance(10 * MINUTE)
        expectSession(await verifier.verify(token), fixture)
        await settle()
        assert(errors[0]?.servingStale === true, 'the failed refresh says stale keys are served')
        expectSession(await verifier.verify(token), fixture)
        assert(stale.length === 1, 'serving keys past their TTL after a failure is reported')
        hanko.clock.advance(59 * MINUTE)
        expectSession(await verifier.verify(token), fixture)
        hanko.clock.advance(2 * MINUTE)
        await rejectsWith(verifier.verify(token), 'ERR_JWKS_UNAVAILABLE')
        hanko.respondJwks({})
        hanko.clock.advance(MINUTE)
        expectSession(await verifier.verify(token), fixture)
      },
    },
    {
      id: 'E11',
      title: 'accepts a rotated-in key after one refetch, and rejects a removed key (and its cached tokens) once the refresh after the TTL lands',
      async run(fixture) {
        const hanko = fixture.hanko()
        const verifier = hanko.verifier()
        const claims = fixture.claims({ exp: NOW_SECONDS + 3 * 3600 })
        const oldToken = await fixture.mint({ claims })
        expectSession(await verifier.verify(oldToken), fixture)
        expectSession(await verifier.verify(oldToken), fixture) // now in the verified-token cache
        hanko.publish([fixture.key, fixture.nextKey])
        hanko.clock.advance(1_000)
        expectSession(await verifier.verify(await fixture.mint({ claims, key: fixture.nextKey })), fixture)
        assertEqual(hanko.jwksRequests(), 2, 'JWKS requests after rotation')
        hanko.publish([fixture.nextKey])
        expectSession(await verifier.verify(oldToken), fixture)
        hanko.clock.advance(10 * MINUTE)
        // Past the TTL the keys are served while the refresh runs (stale-while-revalidate)…
        expectSession(await verifier.verify(oldToken), fixture)
        await settle()
        // …and once it has landed, the removed key and the tokens it verified are gone.
        await rejectsWith(verifier.verify(oldToken), 'ERR_NO_MATCHING_KEY')
        assertEqual(hanko.jwksRequests(), 3, 'JWKS requests after the TTL')
      },
    },
    {
      id: 'E11b',
      title: 'accepts a newly rotated key within 5 seconds of its first use, even right after a burst of bogus kids',
      async run(fixture) {
        const hanko = fixture.hanko()
        const verifier = hanko.verifier()
        const claims = fixture.claims({ exp: NOW_SECONDS + 3 * 3600 })
        await verifier.verify(await fixture.mint({ claims }))
        hanko.clock.advance(60_000)
        for (let index = 0; index < 100; index++) {
          await verifier.verify(await fixture.mint({ claims, key: { ...fixture.attackerKey, kid: `probe-${index}` } })).catch(() => undefined)
        }
        hanko.publish([fixture.key, fixture.nextKey])
        const rotated = await fixture.mint({ claims, key: fixture.nextKey })
        await acceptedWithinFiveSeconds(hanko, verifier, rotated)
      },
    },
    {
      id: 'E11c',
      title: 'accepts a rotated key within 5 seconds of its first use after a 5-second burst of invented kids has stopped',
      async run(fixture) {
        const hanko = fixture.hanko()
        const verifier = hanko.verifier()
        const claims = fixture.claims({ exp: NOW_SECONDS + 3 * 3600 })
        await verifier.verify(await fixture.mint({ claims }))
        hanko.clock.advance(60_000)
        const bogus = await fixture.mint({ claims, key: { ...fixture.attackerKey, kid: 'probe' } })
        for (let probe = 0; probe < 50; probe++) {
          await rejectsWith(verifier.verify(bogus), 'ERR_NO_MATCHING_KEY')
          hanko.clock.advance(100)
        }
        hanko.publish([fixture.key, fixture.nextKey])
        const rotated = await fixture.mint({ claims, key: fixture.nextKey })
        await acceptedWithinFiveSeconds(hanko, verifier, rotated)
      },
    },
    {
      id: 'E11d',
      title: 'keeps a JWKS whose kids change on every fetch to at most 6 requests in 30 seconds of unknown kids',
      async run(fixture) {
        const hanko = fixture.hanko()
        let generation = 0
        const verifier = hanko.verifier({
          fetch: (input, init) => {
            // Every answer names a key nobody has seen: "found a new key" must not reopen the gate.
            hanko.publish([fixture.key, { ...fixture.nextKey.jwk, kid: `churn-${generation++}` }])
            return hanko.fetch(input, init)
          },
        })
        await verifier.verify(await fixture.mint())
        const claims = fixture.claims({ exp: NOW_SECONDS + 3 * 3600 })
        const bogus = await Promise.all(Array.from({ length: 20 }, (_, index) => fixture.mint({ claims, key: { ...fixture.attackerKey, kid: `churn-${index + 1}` } })))
        for (let probe = 0; probe < 3_000; probe++) {
          hanko.clock.advance(10)
          await verifier.verify(bogus[probe % bogus.length]).catch(() => undefined)
        }
        assert(hanko.jwksRequests() <= 6, `${hanko.jwksRequests()} JWKS requests in 30 s (including the first)`)
      },
    },
    {
      id: 'E11e',
      title: 'serves keys past their TTL at once while the JWKS endpoint hangs, refreshing in the background',
      async run(fixture) {
        const hanko = fixture.hanko()
        const verifier = hanko.verifier({ tokenCache: false })
        const token = await fixture.mint({ claims: fixture.claims({ exp: NOW_SECONDS + 3 * 3600 }) })
        await verifier.verify(token)
        hanko.respondJwks({ hang: true })
        hanko.clock.advance(11 * MINUTE)
        // The refresh hangs (until its 3 s timeout), yet the verification has its answer already.
        expectSession(await verifier.verify(token), fixture)
        assertEqual(hanko.jwksRequests(), 2, 'one background refresh')
        for (let call = 0; call < 100; call++) expectSession(await verifier.verify(token), fixture)
        assertEqual(hanko.jwksRequests(), 2, 'no further request while the refresh is under way')
      },
    },
    {
      id: 'E11f',
      title: 'never calls a 304 from the JWKS endpoint a redirect',
      async run(fixture) {
        const hanko = fixture.hanko()
        const verifier = hanko.verifier({ fetch: async () => new Response(null, { status: 304 }) })
        const error = await rejectsWith(verifier.verify(await fixture.mint()), 'ERR_JWKS_UNAVAILABLE')
        assert(!error.message.includes('redirect') && error.message.includes('304'), `the message names the status: ${error.message}`)
      },
    },
    {
      id: 'E11g',
      title: 'drops whatever a hook throws or rejects with: verification results stay the same',
      async run(fixture) {
        const hanko = fixture.hanko()
        const calls: string[] = []
        const throwing = (name: string) => (): void => {
          calls.push(name)
          throw new Error(`${name} hook failed`)
        }
        // Hooks are typed to return nothing, yet an async hook is what users write.
        const rejecting = (name: string) =>
          (async () => {
            calls.push(name)
            throw new Error(`${name} hook failed`)
          }) as () => void
        for (const hook of [throwing, rejecting]) {
          const verifier = hanko.verifier({
            onJwksFetch: hook('fetch'),
            onJwksError: hook('error'),
            onStaleKeys: hook('stale'),
            onUnknownKid: hook('kid'),
            tokenCache: false,
          })
          const token = await fixture.mint({ claims: fixture.claims({ exp: NOW_SECONDS + 3 * 3600 }) })
          expectSession(await verifier.verify(token), fixture)
          await rejectsWith(verifier.verify(await fixture.mint({ key: { ...fixture.attackerKey, kid: 'invented' } })), 'ERR_NO_MATCHING_KEY')
          hanko.respondJwks({ status: 500, body: '' })
          hanko.clock.advance(11 * MINUTE)
          expectSession(await verifier.verify(token), fixture)
          await settle()
          expectSession(await verifier.verify(token), fixture)
          hanko.respondJwks({})
          hanko.clock.advance(2 * HOUR)
        }
        for (const name of ['fetch', 'error', 'stale', 'kid']) assert(calls.includes(name), `the ${name} hook was called`)
      },
    },
    {
      id: 'E12',
      title: 'never caches a failed fetch as "no keys"',
      async run(fixture) {
        const hanko = fixture.hanko()
        const verifier = hanko.verifier()
        hanko.respondJwks({ body: '{"keys":[', headers: { 'content-type': 'application/json' } })
        await rejectsWith(verifier.verify(await fixture.mint()), 'ERR_JWKS_INVALID')
        hanko.respondJwks({})
        expectSession(await verifier.verify(await fixture.mint()), fixture)
      },
    },
    {
      id: 'E13',
      title: "rejects tenant B's token in tenant A's verifier in the same process, even with the same kid",
      async run(fixture) {
        const tenantA = fixture.hanko({ keys: [fixture.key] })
        const tenantB = fixture.hanko({ keys: [fixture.attackerKey] })
        const verifierA = tenantA.verifier()
        const verifierB = tenantB.verifier()
        const tokenB = await fixture.mint({ key: fixture.attackerKey })
        expectSession(await verifierB.verify(tokenB), fixture)
        await rejectsWith(verifierA.verify(tokenB), 'ERR_SIGNATURE_INVALID')
        expectSession(await verifierA.verify(await fixture.mint()), fixture)
        await rejectsWith(verifierB.verify(await fixture.mint()), 'ERR_SIGNATURE_INVALID')
      },
    },
    {
      id: 'E14',
      title: 'refuses NaN, negative or infinite durations at construction, saying how to fix them',
      async run(fixture) {
        const hanko = fixture.hanko()
        for (const options of [
          { clockTolerance: Number.NaN },
          { clockTolerance: -1 },
          { clockTolerance: Number.POSITIVE_INFINITY },
          { clockTolerance: 61 },
          { maxTokenLength: 0 },
          { maxTokenLength: 1.5 },
          { revocation: { mode: 'hybrid', timeout: Number.NaN } },
          { clockTolerance: '61s' },
          { clockTolerance: '5 seconds' },
          { revocation: { mode: 'hybrid', cacheTtl: 31 } },
          { revocation: { mode: 'hybrid', cacheTtl: '1y' } },
          { revocation: { mode: 'hybrid', timeout: '-1s' } },
          { revocation: { mode: 'hybrid', failOpen: { maxStaleness: -5 } } },
          { tokenCache: { maxEntries: -1 } },
        ] as const) {
          const thrown = throwsWith(() => hanko.verifier(options), 'ERR_INVALID_OPTIONS', JSON.stringify(options))
          assert(/must be/.test(thrown.message), `the message says how to fix it: ${thrown.message}`)
        }
      },
    },
    {
      id: 'E14b',
      title: "takes durations as a string with its unit or a number of seconds, and refuses a millisecond count with the string to write",
      async run(fixture) {
        const token = await fixture.mint({ claims: fixture.claims({ exp: NOW_SECONDS - 8 }) })
        const hanko = fixture.hanko()
        await rejectsWith(hanko.verifier().verify(token), 'ERR_TOKEN_EXPIRED', 'exp')
        for (const clockTolerance of ['10s', 10, '10', '9500ms', '0.5m']) {
          expectSession(await hanko.verifier({ clockTolerance }).verify(token), fixture)
        }
        for (const [options, written] of [
          [{ revocation: { mode: 'hybrid', timeout: 2000 } }, "'2s'"],
          [{ revocation: { mode: 'remote', timeout: 1500 } }, "'1500ms'"],
          [{ revocation: { mode: 'hybrid', cacheTtl: 30_000 } }, "'30s'"],
          [{ revocation: { mode: 'hybrid', failOpen: { maxStaleness: 60_000 } } }, "'1m'"],
        ] as const) {
          const thrown = throwsWith(() => hanko.verifier(options), 'ERR_INVALID_OPTIONS', JSON.stringify(options))
          assert(thrown.message.includes('numbers are seconds') && thrown.message.includes(written), `suggests ${written}: ${thrown.message}`)
        }
        for (const revocation of [
          { mode: 'hybrid', timeout: '2s', cacheTtl: 15, failOpen: { maxStaleness: '5m' } },
          { mode: 'remote', timeout: 10 },
        ] as const) {
          hanko.verifier({ revocation })
        }
      },
    },
    {
      id: 'E15',
      title: 'validates a static key set (the networkless seed) strictly at construction',
      async run(fixture) {
        const hanko = fixture.hanko()
        for (const jwks of [{ keys: 'nope' }, { keys: [] }, { keys: [{ ...fixture.key.jwk, d: 'secret' }] }, { keys: [fixture.key.jwk, fixture.key.jwk] }]) {
          throwsWith(() => hanko.verifier({ jwks: jwks as never }), 'ERR_INVALID_OPTIONS', JSON.stringify(jwks).slice(0, 60))
        }
        const offline = hanko.verifier({ jwks: { keys: [fixture.key.jwk] } })
        expectSession(await offline.verify(await fixture.mint()), fixture)
        assertEqual(hanko.jwksRequests(), 0, 'JWKS requests')
      },
    },
  ],
}
