import { type ConformanceGroup, NOW, NOW_SECONDS, assert, assertEqual, expectSession, rejectsWith } from '../harness.js'

/** A hand-written Standard Schema (the suite runs bundled on every runtime, without Zod or Valibot). */
function standardSchema<Output = object>(validate: (value: unknown) => unknown): { '~standard': { version: 1; vendor: string; validate: (value: unknown) => never; types?: { input: unknown; output: Output } } } {
  return { '~standard': { version: 1, vendor: 'conformance', validate: validate as (value: unknown) => never } }
}

/** Characters that must never reach a message raw: a bidi override, a zero-width space, a newline, a C1 control. */
const HOSTILE = '\u202eevil\u200b\n\u0085'
const RAW_HOSTILE = /[\u202e\u200b\n\u0085]/

/** Catalogue §4 F: claims, checked after the signature, on the injected clock. */
export const claims: ConformanceGroup = {
  name: 'F. Claims',
  cases: [
    {
      id: 'F1',
      title: 'rejects an expired token, also at exp == now, and accepts one within the clock tolerance',
      async run(fixture) {
        const verifier = fixture.hanko().verifier()
        await rejectsWith(verifier.verify(await fixture.mint({ claims: fixture.claims({ exp: NOW_SECONDS - 3600 }) })), 'ERR_TOKEN_EXPIRED', 'exp')
        await rejectsWith(verifier.verify(await fixture.mint({ claims: fixture.claims({ exp: NOW_SECONDS - 5 }) })), 'ERR_TOKEN_EXPIRED', 'exp')
        expectSession(await verifier.verify(await fixture.mint({ claims: fixture.claims({ exp: NOW_SECONDS - 4 }) })), fixture)
        const strict = fixture.hanko().verifier({ clockTolerance: 0 })
        await rejectsWith(strict.verify(await fixture.mint({ claims: fixture.claims({ exp: NOW_SECONDS }) })), 'ERR_TOKEN_EXPIRED')
        expectSession(await strict.verify(await fixture.mint({ claims: fixture.claims({ exp: NOW_SECONDS + 1 }) })), fixture)
      },
    },
    {
      id: 'F1b',
      title: 'still checks exp on every use of a cached token',
      async run(fixture) {
        const hanko = fixture.hanko()
        const verifier = hanko.verifier()
        const token = await fixture.mint({ claims: fixture.claims({ exp: NOW_SECONDS + 60 }) })
        expectSession(await verifier.verify(token), fixture)
        hanko.clock.advance(66_000)
        await rejectsWith(verifier.verify(token), 'ERR_TOKEN_EXPIRED')
        assertEqual(hanko.jwksRequests(), 1, 'JWKS requests')
      },
    },
    {
      id: 'F2',
      title: 'rejects a token without exp (Hanko always sets it)',
      async run(fixture) {
        const verifier = fixture.hanko().verifier()
        await rejectsWith(verifier.verify(await fixture.mint({ claims: fixture.claims({ exp: undefined }) })), 'ERR_CLAIM_INVALID', 'exp')
        await rejectsWith(verifier.verify(await fixture.mint({ claims: fixture.claims({ iat: undefined }) })), 'ERR_CLAIM_INVALID', 'iat')
      },
    },
    {
      id: 'F3',
      title: 'rejects exp, nbf or iat that are not NumericDates',
      async run(fixture) {
        const verifier = fixture.hanko().verifier()
        for (const claim of ['exp', 'nbf', 'iat'] as const) {
          for (const value of [String(NOW_SECONDS + 60), null, true, [NOW_SECONDS], { at: NOW_SECONDS }, -1]) {
            await rejectsWith(verifier.verify(await fixture.mint({ claims: fixture.claims({ [claim]: value }) })), 'ERR_CLAIM_INVALID', claim)
          }
        }
        const huge = await fixture.mintRaw(`{"alg":"RS256","kid":"${fixture.key.kid}"}`, JSON.stringify(fixture.claims()).replace(/"exp":\d+/, '"exp":1e400'))
        await rejectsWith(verifier.verify(huge), 'ERR_CLAIM_INVALID', 'exp')
      },
    },
    {
      id: 'F4',
      title: 'honours nbf: rejects a token not valid yet beyond the tolerance',
      async run(fixture) {
        const verifier = fixture.hanko().verifier()
        await rejectsWith(verifier.verify(await fixture.mint({ claims: fixture.claims({ nbf: NOW_SECONDS + 60 }) })), 'ERR_TOKEN_NOT_YET_VALID', 'nbf')
        expectSession(await verifier.verify(await fixture.mint({ claims: fixture.claims({ nbf: NOW_SECONDS + 5 }) })), fixture)
      },
    },
    {
      id: 'F5',
      title: 'rejects a token issued in the future beyond the tolerance',
      async run(fixture) {
        const verifier = fixture.hanko().verifier()
        await rejectsWith(verifier.verify(await fixture.mint({ claims: fixture.claims({ iat: NOW_SECONDS + 3600 }) })), 'ERR_TOKEN_NOT_YET_VALID', 'iat')
        expectSession(await verifier.verify(await fixture.mint({ claims: fixture.claims({ iat: NOW_SECONDS + 5 }) })), fixture)
      },
    },
    {
      id: 'F7',
      title: 'with an issuer configured, rejects a wrong, missing or near-miss iss',
      async run(fixture) {
        const verifier = fixture.hanko().verifier({ issuer: 'https://auth.example.com' })
        for (const iss of ['https://evil.example.com', undefined, ['https://auth.example.com'], 'https://auth.example.com/', 'HTTPS://AUTH.EXAMPLE.COM', 'https://auth.example.com.evil.com']) {
          await rejectsWith(verifier.verify(await fixture.mint({ claims: fixture.claims({ iss }) })), 'ERR_CLAIM_INVALID', 'iss')
        }
        const session = await verifier.verify(await fixture.mint({ claims: fixture.claims({ iss: 'https://auth.example.com' }) }))
        assertEqual(session.issuer, 'https://auth.example.com', 'issuer')
        const anyIssuer = fixture.hanko().verifier()
        expectSession(await anyIssuer.verify(await fixture.mint({ claims: fixture.claims({ iss: 'https://whatever.example' }) })), fixture)
      },
    },
    {
      id: 'F8',
      title: 'requires one of the expected audiences: wrong, missing, other arrays and substrings fail',
      async run(fixture) {
        const verifier = fixture.hanko().verifier({ audience: ['example.com', 'app.example.com'] })
        for (const aud of ['evil.com', undefined, [], ['evil.com'], 'example.co', 'example.com.evil.com', ['xexample.com'], [1], 'EXAMPLE.COM']) {
          await rejectsWith(verifier.verify(await fixture.mint({ claims: fixture.claims({ aud }) })), 'ERR_CLAIM_INVALID', 'aud')
        }
        for (const aud of ['example.com', ['other.com', 'app.example.com']]) {
          const session = await verifier.verify(await fixture.mint({ claims: fixture.claims({ aud }) }))
          assertEqual(session.audience, Array.isArray(aud) ? aud : [aud], 'audience as an array')
        }
        const unchecked = fixture.hanko().verifier({ audience: null })
        expectSession(await unchecked.verify(await fixture.mint({ claims: fixture.claims({ aud: ['anything'] }) })), fixture)
      },
    },
    {
      id: 'F9',
      title: 'requires sub and session_id as UUIDs',
      async run(fixture) {
        const verifier = fixture.hanko().verifier()
        for (const claim of ['sub', 'session_id'] as const) {
          for (const value of [undefined, '', 42, 'admin', `${fixture.userId}x`, [fixture.userId], { id: fixture.userId }]) {
            await rejectsWith(verifier.verify(await fixture.mint({ claims: fixture.claims({ [claim]: value }) })), 'ERR_CLAIM_INVALID', claim)
          }
        }
      },
    },
    {
      id: 'F10',
      title: "rejects email and username claims that do not have Hanko's types, and maps the good ones",
      async run(fixture) {
        const verifier = fixture.hanko().verifier()
        for (const email of ['alice@example.com', { address: 'a@b.c' }, { address: 'a@b.c', is_primary: 'yes', is_verified: true }, null, []]) {
          await rejectsWith(verifier.verify(await fixture.mint({ claims: fixture.claims({ email }) })), 'ERR_CLAIM_INVALID', 'email')
        }
        await rejectsWith(verifier.verify(await fixture.mint({ claims: fixture.claims({ username: 7 }) })), 'ERR_CLAIM_INVALID', 'username')
        const session = await verifier.verify(await fixture.mint({ claims: fixture.claims({ username: 'alice', role: 'admin' }) }))
        assertEqual(session.email, { address: 'alice@example.com', isPrimary: true, isVerified: true }, 'email')
        assertEqual(session.username, 'alice', 'username')
        assertEqual(session.claims['role'], 'admin', 'custom claim')
        assertEqual(session.expiresAt.getTime(), NOW + 3_600_000, 'expiresAt')
        assert(Object.isFrozen(session.claims) && Object.isFrozen(session.email), 'claims and email are frozen')
        const withoutEmail = await verifier.verify(await fixture.mint({ claims: fixture.claims({ email: undefined }) }))
        assertEqual(withoutEmail.email, undefined, 'email when absent')
      },
    },
    {
      id: 'F11',
      title: 'uses the injected clock for every time check, never the real one',
      async run(fixture) {
        const hanko = fixture.hanko()
        const verifier = hanko.verifier()
        // The suite's clock is years from the real one: a real-clock check would fail both of these.
        expectSession(await verifier.verify(await fixture.mint()), fixture)
        hanko.clock.set(NOW + 2 * 3_600_000)
        await rejectsWith(verifier.verify(await fixture.mint()), 'ERR_TOKEN_EXPIRED')
      },
    },
    {
      id: 'F12',
      title: 'checks custom claims with a Standard Schema, naming the failing path',
      async run(fixture) {
        const schema = {
          '~standard': {
            version: 1 as const,
            vendor: 'test',
            validate: (value: unknown) => {
              const role = (value as { role?: unknown }).role
              return role === 'admin' || role === 'member'
                ? { value: value as { role: 'admin' | 'member' } }
                : { issues: [{ message: 'role must be admin or member', path: [{ key: 'role' }] }] }
            },
          },
        }
        const verifier = fixture.hanko().verifier({ claimsSchema: schema })
        const session = await verifier.verify(await fixture.mint({ claims: fixture.claims({ role: 'admin' }) }))
        assertEqual(session.claims.role, 'admin', 'typed custom claim')
        await rejectsWith(verifier.verify(await fixture.mint({ claims: fixture.claims({ role: 'root' }) })), 'ERR_CLAIM_INVALID', 'role')
      },
    },
    {
      id: 'F13',
      title: 'a clock that returns no finite number rejects every token with ERR_INVALID_OPTIONS (500) naming "now"',
      async run(fixture) {
        const hanko = fixture.hanko()
        const good = await fixture.mint()
        const expired = await fixture.mint({ claims: fixture.claims({ exp: NOW_SECONDS - 3600 }) })
        const notYetValid = await fixture.mint({ claims: fixture.claims({ nbf: NOW_SECONDS + 3600 }) })
        const brokenClocks: [string, () => unknown][] = [
          ['Date.now not called', () => Date.now],
          ['NaN', () => Number.NaN],
          ['undefined', () => undefined],
          ['Infinity', () => Number.POSITIVE_INFINITY],
          ['a string', () => String(NOW)],
          ['a Date', () => new Date(NOW)],
          ['a throwing clock', () => {
            throw new Error('clock exploded')
          }],
        ]
        for (const [what, now] of brokenClocks) {
          const verifier = hanko.verifier({ now: now as () => number })
          for (const token of [good, expired, notYetValid]) {
            const error = await rejectsWith(verifier.verify(token), 'ERR_INVALID_OPTIONS')
            assertEqual(error.httpStatus, 500, `${what}: httpStatus`)
            assert(error.message.includes('"now"'), `${what}: the message names the option: ${error.message}`)
          }
        }
        assertEqual(hanko.jwksRequests(), 0, 'no JWKS request on a broken clock')

        // A clock that breaks after tokens were verified and cached fails closed too.
        let clock: unknown = NOW
        const verifier = hanko.verifier({ now: () => clock as number })
        expectSession(await verifier.verify(good), fixture)
        await rejectsWith(verifier.verify(expired), 'ERR_TOKEN_EXPIRED')
        for (const value of [Number.NaN, undefined, Date.now]) {
          clock = value
          await rejectsWith(verifier.verify(good), 'ERR_INVALID_OPTIONS')
          await rejectsWith(verifier.verify(expired), 'ERR_INVALID_OPTIONS')
        }
        clock = NOW
        expectSession(await verifier.verify(good), fixture)
      },
    },
    {
      id: 'F14',
      title: 'an aud or iss mismatch names the expected value and the token\'s value, escaped and cut',
      async run(fixture) {
        const verifier = fixture.hanko().verifier({ audience: ['example.com', 'app.example.com'], issuer: 'https://auth.example.com' })
        const wrongAud = await rejectsWith(verifier.verify(await fixture.mint({ claims: fixture.claims({ aud: ['other.example'] }) })), 'ERR_CLAIM_INVALID', 'aud')
        assert(wrongAud.message.includes('"other.example"'), `the token's audience: ${wrongAud.message}`)
        assert(wrongAud.message.includes('"example.com"') && wrongAud.message.includes('"app.example.com"'), `the expected audiences: ${wrongAud.message}`)
        const wrongIss = await rejectsWith(verifier.verify(await fixture.mint({ claims: fixture.claims({ iss: 'https://evil.example' }) })), 'ERR_CLAIM_INVALID', 'iss')
        assert(wrongIss.message.includes('"https://evil.example"') && wrongIss.message.includes('"https://auth.example.com"'), `iss: ${wrongIss.message}`)
        const noIss = await rejectsWith(verifier.verify(await fixture.mint()), 'ERR_CLAIM_INVALID', 'iss')
        assert(/missing/.test(noIss.message) && noIss.message.includes('"https://auth.example.com"'), `missing iss: ${noIss.message}`)

        const long = `${HOSTILE}${'x'.repeat(5000)}`
        for (const claims of [{ aud: [long, HOSTILE, 'a', 'b', 'c', 'd'] }, { iss: long }]) {
          const error = await rejectsWith(verifier.verify(await fixture.mint({ claims: fixture.claims(claims) })), 'ERR_CLAIM_INVALID')
          const response = error.toResponse()
          const surfaces = [error.message, await response.text(), response.headers.get('www-authenticate') ?? '']
          for (const surface of surfaces) {
            assert(!RAW_HOSTILE.test(surface), `no raw control, bidi or zero-width character in: ${JSON.stringify(surface)}`)
            assert(surface.length < 600, `token text is cut (${surface.length} characters)`)
          }
          assert(error.message.includes('\\u202eevil\\u200b\\n\\u0085'), `escaped, still readable: ${error.message}`)
        }
      },
    },
    {
      id: 'F15',
      title: 'the session carries the claimsSchema output (defaults, coercions, transforms), also for a cached token',
      async run(fixture) {
        let runs = 0
        const schema = standardSchema<{ beta: boolean; plan: string; tags: string[] }>((value) => {
          runs++
          const claims = value as Record<string, unknown>
          return { value: { ...claims, beta: claims['beta'] === 'true', plan: claims['plan'] ?? 'free', tags: String(claims['tags']).split(',') } }
        })
        const verifier = fixture.hanko().verifier({ claimsSchema: schema })
        const token = await fixture.mint({ claims: fixture.claims({ beta: 'false', tags: 'a,b' }) })
        const session = await verifier.verify(token)
        assertEqual(session.claims.beta, false, 'coerced claim')
        assertEqual(session.claims.plan, 'free', 'defaulted claim')
        assertEqual(session.claims.tags, ['a', 'b'], 'transformed claim')
        assertEqual(session.claims['amr'], ['otp'], 'claims the schema does not describe keep their signed value')
        assert(Object.isFrozen(session.claims) && Object.isFrozen(session.claims.tags), 'the output is frozen')
        // The token cache admits a token on its second verification; the third is served from it.
        for (let use = 0; use < 3; use++) {
          const again = await verifier.verify(token)
          assertEqual([again.claims.beta, again.claims.plan, again.claims.tags], [false, 'free', ['a', 'b']], 'a cached token carries the output too')
        }
        assertEqual(runs, 2, 'schema runs for four verifications of one token')

        // A schema that strips what it does not describe (Zod's z.object) still leaves Hanko's claims.
        const stripping = fixture.hanko().verifier({ claimsSchema: standardSchema<{ role: string }>(() => ({ value: { role: 'admin' } })) })
        const stripped = await stripping.verify(token)
        assertEqual([stripped.userId, stripped.claims.sub, stripped.claims.role], [fixture.userId, fixture.userId, 'admin'], 'claims after a stripping schema')
      },
    },
    {
      id: 'F16',
      title: 'a claimsSchema may check but never change a verified claim, and a schema that throws is ERR_CLAIM_INVALID',
      async run(fixture) {
        const token = await fixture.mint()
        const hanko = fixture.hanko()
        for (const [claim, change] of [
          ['sub', (claims: Record<string, unknown>) => ({ ...claims, sub: '00000000-0000-4000-8000-000000000000' })],
          ['exp', (claims: Record<string, unknown>) => ({ ...claims, exp: NOW_SECONDS + 999_999 })],
          ['nbf', (claims: Record<string, unknown>) => ({ ...claims, nbf: 0 })],
          ['aud', (claims: Record<string, unknown>) => ({ ...claims, aud: ['elsewhere'] })],
        ] as const) {
          const verifier = hanko.verifier({ claimsSchema: standardSchema((value) => ({ value: change(value as Record<string, unknown>) })) })
          const error = await rejectsWith(verifier.verify(token), 'ERR_INVALID_OPTIONS')
          assert(error.message.includes(`"${claim}"`) && error.message.includes('claimsSchema'), `names ${claim}: ${error.message}`)
        }
        const copying = hanko.verifier({ claimsSchema: standardSchema((value) => ({ value: JSON.parse(JSON.stringify(value)) as unknown })) })
        expectSession(await copying.verify(token), fixture)
        const notAnObject = hanko.verifier({ claimsSchema: standardSchema(() => ({ value: 'claims' })) })
        await rejectsWith(notAnObject.verify(token), 'ERR_INVALID_OPTIONS')

        const thrown = new TypeError('Cannot read properties of undefined')
        for (const validate of [
          () => {
            throw thrown
          },
          () => Promise.reject(thrown),
        ]) {
          const verifier = hanko.verifier({ claimsSchema: standardSchema(validate) })
          const error = await rejectsWith(verifier.verify(token), 'ERR_CLAIM_INVALID')
          assert(error.cause === thrown, 'the thrown error is the cause')
        }
        for (const issues of [{}, [null], [{ message: 42, path: [null, 5, { key: Symbol('k') }] }]]) {
          await rejectsWith(hanko.verifier({ claimsSchema: standardSchema(() => ({ issues })) }).verify(token), 'ERR_CLAIM_INVALID')
        }
        const hostile = hanko.verifier({
          claimsSchema: standardSchema(() => ({ issues: [{ message: `bad ${HOSTILE}`, path: [{ key: HOSTILE }] }] })),
        })
        const issue = await rejectsWith(hostile.verify(token), 'ERR_CLAIM_INVALID')
        assert(!RAW_HOSTILE.test(issue.message) && !RAW_HOSTILE.test(issue.claim ?? ''), `schema text is escaped: ${issue.message}`)
      },
    },
  ],
}
