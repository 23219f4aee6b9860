import { type ConformanceGroup, NOW, NOW_SECONDS, assert, assertEqual, expectSession, rejectsWith } from '../harness.js'

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
  ],
}
