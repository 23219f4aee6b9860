import { type ConformanceGroup, NOW_SECONDS, assertEqual, expectSession, rejectsWith, throwsWith } from '../harness.js'

const validateRequests = (requests: readonly string[]): string[] => requests.filter((request) => request.endsWith('/sessions/validate'))

/** Catalogue §4 G: revocation, the part a JWT alone cannot answer. */
export const revocation: ConformanceGroup = {
  name: 'G. Session and revocation',
  cases: [
    {
      id: 'G1',
      title: "with revocation 'remote', rejects a logged-out session at once although its JWT is still valid",
      async run(fixture) {
        const hanko = fixture.hanko()
        hanko.activeSessions.add(fixture.sessionId)
        const verifier = hanko.verifier({ revocation: 'remote' })
        const token = await fixture.mint()
        expectSession(await verifier.verify(token), fixture)
        hanko.activeSessions.delete(fixture.sessionId)
        const error = await rejectsWith(verifier.verify(token), 'ERR_SESSION_REVOKED')
        assertEqual(error.httpStatus, 401, 'httpStatus')
        assertEqual(validateRequests(hanko.requests), ['POST /sessions/validate', 'POST /sessions/validate'], 'one POST per call')
      },
    },
    {
      id: 'G2',
      title: "sees an end that only Hanko knows (idle timeout) in 'remote' mode, and not in 'local' mode (documented)",
      async run(fixture) {
        const hanko = fixture.hanko()
        const token = await fixture.mint()
        expectSession(await hanko.verifier().verify(token), fixture)
        await rejectsWith(hanko.verifier({ revocation: 'remote' }).verify(token), 'ERR_SESSION_REVOKED')
        assertEqual(validateRequests(hanko.requests).length, 1, 'local mode never asks Hanko')
      },
    },
    {
      id: 'G3',
      title: 'fails closed with ERR_REVOCATION_UNAVAILABLE (503) when the session check errs, hangs or answers nonsense',
      async run(fixture) {
        const token = await fixture.mint()
        for (const response of [
          { status: 500, body: '{}', headers: { 'content-type': 'application/json' } },
          { status: 400, body: '{"code":400,"message":"bad"}', headers: { 'content-type': 'application/json' } },
          { body: '<html>', headers: { 'content-type': 'text/html' } },
          { body: '{"valid":true}', headers: { 'content-type': 'application/json' } },
          { body: '{"is_valid":"yes"}', headers: { 'content-type': 'application/json' } },
          { networkError: true },
          { hang: true },
        ]) {
          const hanko = fixture.hanko()
          hanko.activeSessions.add(fixture.sessionId)
          hanko.respondValidate(response)
          const verifier = hanko.verifier({ revocation: { mode: 'hybrid', timeout: 200 } })
          const error = await rejectsWith(verifier.verify(token), 'ERR_REVOCATION_UNAVAILABLE')
          assertEqual(error.httpStatus, 503, 'httpStatus')
        }
      },
    },
    {
      id: 'G4',
      title: "rejects a session when Hanko's answer is about a different user or session",
      async run(fixture) {
        const hanko = fixture.hanko()
        hanko.respondValidate({
          body: JSON.stringify({ is_valid: true, claims: { subject: crypto.randomUUID(), session_id: fixture.sessionId } }),
          headers: { 'content-type': 'application/json' },
        })
        await rejectsWith(hanko.verifier({ revocation: 'remote' }).verify(await fixture.mint()), 'ERR_SESSION_REVOKED')
        hanko.respondValidate({
          body: JSON.stringify({ is_valid: true, claims: { subject: fixture.userId, session_id: crypto.randomUUID() } }),
          headers: { 'content-type': 'application/json' },
        })
        await rejectsWith(hanko.verifier({ revocation: 'remote' }).verify(await fixture.mint()), 'ERR_SESSION_REVOKED')
      },
    },
    {
      id: 'G4b',
      title: 'answers 503, not 401, when Hanko says is_valid: true without the session\'s claims (the shape changed)',
      async run(fixture) {
        for (const body of [{ is_valid: true }, { is_valid: true, claims: null }, { is_valid: true, claims: { subject: 1, session_id: fixture.sessionId } }]) {
          const hanko = fixture.hanko()
          hanko.respondValidate({ body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
          const error = await rejectsWith(hanko.verifier({ revocation: 'remote' }).verify(await fixture.mint()), 'ERR_REVOCATION_UNAVAILABLE')
          assertEqual(error.httpStatus, 503, 'httpStatus')
        }
      },
    },
    {
      id: 'G4c',
      title: "with revocation 'remote', a call made after a logout never rides on a check that went out before it",
      async run(fixture) {
        const hanko = fixture.hanko()
        hanko.activeSessions.add(fixture.sessionId)
        let releaseFirst!: () => void
        const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve))
        let firstSent!: () => void
        const firstCheckSent = new Promise<void>((resolve) => (firstSent = resolve))
        let checks = 0
        const verifier = hanko.verifier({
          revocation: 'remote',
          fetch: async (input, init) => {
            // Hanko answers when the request arrives; the first answer is held back on its way to us.
            const answer = await hanko.fetch(input, init)
            if (String(input instanceof Request ? input.url : input).endsWith('/sessions/validate') && checks++ === 0) {
              firstSent()
              await firstHeld
            }
            return answer
          },
        })
        const token = await fixture.mint()
        const before = verifier.verify(token)
        await firstCheckSent
        hanko.activeSessions.delete(fixture.sessionId) // the user logs out
        const after = rejectsWith(verifier.verify(token), 'ERR_SESSION_REVOKED')
        // Give the second call time to reach its session check while the first is still held back.
        await new Promise((resolve) => setTimeout(resolve, 20))
        releaseFirst()
        expectSession(await before, fixture)
        await after
        assertEqual(validateRequests(hanko.requests).length, 2, 'one check per call')
      },
    },
    {
      id: 'G5',
      title: "in 'hybrid' mode, reuses a 'valid' answer for at most 30 s and a 'revoked' answer until exp, per session_id",
      async run(fixture) {
        const hanko = fixture.hanko()
        hanko.activeSessions.add(fixture.sessionId)
        const verifier = hanko.verifier({ revocation: 'hybrid' })
        const token = await fixture.mint()
        const sameSessionOtherToken = await fixture.mint({ claims: fixture.claims({ iat: NOW_SECONDS - 30 }) })
        expectSession(await verifier.verify(token), fixture)
        expectSession(await verifier.verify(sameSessionOtherToken), fixture)
        hanko.clock.advance(29_000)
        expectSession(await verifier.verify(token), fixture)
        assertEqual(validateRequests(hanko.requests).length, 1, 'one check within 30 s')
        hanko.activeSessions.delete(fixture.sessionId)
        hanko.clock.advance(2_000)
        await rejectsWith(verifier.verify(token), 'ERR_SESSION_REVOKED')
        hanko.activeSessions.add(fixture.sessionId)
        hanko.clock.advance(600_000)
        await rejectsWith(verifier.verify(sameSessionOtherToken), 'ERR_SESSION_REVOKED')
        assertEqual(validateRequests(hanko.requests).length, 2, 'the revocation is remembered until exp')
      },
    },
    {
      id: 'G5b',
      title: "in 'hybrid' mode, makes one session check for many concurrent requests of one session",
      async run(fixture) {
        const hanko = fixture.hanko()
        hanko.activeSessions.add(fixture.sessionId)
        const verifier = hanko.verifier({ revocation: 'hybrid' })
        const token = await fixture.mint()
        await Promise.all(Array.from({ length: 100 }, () => verifier.verify(token)))
        assertEqual(validateRequests(hanko.requests).length, 1, 'session checks')
      },
    },
    {
      id: 'G5c',
      title: "with touch: false, checks with GET (which does not slide Hanko's idle timeout)",
      async run(fixture) {
        const hanko = fixture.hanko()
        hanko.activeSessions.add(fixture.sessionId)
        expectSession(await hanko.verifier({ revocation: { mode: 'remote', touch: false } }).verify(await fixture.mint()), fixture)
        assertEqual(validateRequests(hanko.requests), ['GET /sessions/validate'], 'method')
      },
    },
    {
      id: 'G5d',
      title: "with a bounded failOpen, accepts a recently confirmed session during an outage, and nothing older",
      async run(fixture) {
        const hanko = fixture.hanko()
        hanko.activeSessions.add(fixture.sessionId)
        const verifier = hanko.verifier({ revocation: { mode: 'hybrid', failOpen: { maxStaleness: 120_000 }, timeout: 200 } })
        const token = await fixture.mint()
        expectSession(await verifier.verify(token), fixture)
        hanko.respondValidate({ status: 503, body: '' })
        hanko.clock.advance(60_000)
        expectSession(await verifier.verify(token), fixture)
        hanko.clock.advance(61_000)
        await rejectsWith(verifier.verify(token), 'ERR_REVOCATION_UNAVAILABLE')
        const neverConfirmed = await fixture.mint({ claims: fixture.claims({ session_id: crypto.randomUUID() }) })
        await rejectsWith(verifier.verify(neverConfirmed), 'ERR_REVOCATION_UNAVAILABLE')
      },
    },
    {
      id: 'G5e',
      title: 'never asks Hanko about a token that failed local verification',
      async run(fixture) {
        const hanko = fixture.hanko()
        const verifier = hanko.verifier({ revocation: 'remote' })
        await rejectsWith(verifier.verify(await fixture.mint({ key: fixture.attackerKey })), 'ERR_SIGNATURE_INVALID')
        await rejectsWith(verifier.verify(await fixture.mint({ claims: fixture.claims({ exp: NOW_SECONDS - 60 }) })), 'ERR_TOKEN_EXPIRED')
        assertEqual(validateRequests(hanko.requests).length, 0, 'session checks')
      },
    },
    {
      id: 'G6',
      title: "requires apiUrl for remote checks, and refuses hybrid-only settings in 'remote' mode",
      async run(fixture) {
        const hanko = fixture.hanko()
        for (const options of [
          { apiUrl: undefined, jwksUrl: 'https://hanko.example.test/.well-known/jwks.json', revocation: 'remote' },
          { revocation: { mode: 'remote', cacheTtl: 1000 } },
          { revocation: 'sometimes' },
        ]) {
          throwsWith(() => hanko.verifier(options as never), 'ERR_INVALID_OPTIONS', JSON.stringify(options))
        }
      },
    },
  ],
}
