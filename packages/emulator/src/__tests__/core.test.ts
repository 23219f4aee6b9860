import { createSessionVerifier, isSessionError } from '@hanko-session/core'
import { describe, expect, it } from 'vitest'
import type { HankoEmulator } from '../index.js'
import { API, act, bearer, call, fixedClock, freshEmulator, passcodeLogin, startFlow } from './helpers.js'

const now = fixedClock()

/** core's `fetch` option, served by the emulator in-process. */
function viaEmulator(hanko: HankoEmulator) {
  return (input: string | URL | Request, init?: RequestInit) => hanko.fetch(new Request(input, init))
}

describe('@hanko-session/core against the emulator', () => {
  it('verifies emulator tokens locally with the emulator’s JWKS', async () => {
    const hanko = await freshEmulator({ now })
    hanko.users.create('alice@example.com')
    const { token } = await passcodeLogin(hanko, 'alice@example.com')
    const verifier = createSessionVerifier({ jwks: await hanko.jwks(), audience: 'localhost', now: hanko.clock.now })
    const session = await verifier.verify(token)
    expect(session).toMatchObject({ email: { address: 'alice@example.com', isPrimary: true, isVerified: true }, audience: ['localhost'] })
    expect(session.userId).toBe(hanko.users.get('alice@example.com')?.id)
    expect(session.expiresAt.getTime()).toBe(now() + 43_200_000)
  })

  it('rejects locally what the emulator rejects: an expired token, a retired key', async () => {
    const hanko = await freshEmulator({ now })
    const { token } = await hanko.mintSessionToken({ lifetime: 60 })
    const jwks = await hanko.jwks()
    hanko.clock.advance('61s')
    const verifier = createSessionVerifier({ jwks, audience: 'localhost', now: hanko.clock.now, clockTolerance: 0 })
    await expect(verifier.verify(token)).rejects.toSatisfy((error) => isSessionError(error, 'ERR_TOKEN_EXPIRED'))

    const [old] = hanko.keys.list()
    await hanko.keys.rotate({ retirePrevious: true })
    expect(hanko.keys.list().map((key) => key.kid)).not.toContain(old!.kid)
    const fresh = createSessionVerifier({ jwks: await hanko.jwks(), audience: 'localhost', now: hanko.clock.now })
    const { token: oldKeyToken } = await hanko.mintSessionToken()
    await expect(fresh.verify(oldKeyToken)).resolves.toBeDefined()
    await expect(fresh.verify(token)).rejects.toSatisfy((error) => isSessionError(error, 'ERR_NO_MATCHING_KEY'))
  })

  it('fetches the JWKS from the emulator and picks up a rotated key', async () => {
    const hanko = await freshEmulator({ now })
    const verifier = createSessionVerifier({ apiUrl: API, audience: 'localhost', fetch: viaEmulator(hanko), now: hanko.clock.now })
    await verifier.verify((await hanko.mintSessionToken()).token)
    await hanko.keys.rotate()
    // core refetches for an unknown kid at most once a second (on the clock it is given).
    hanko.clock.advance('2s')
    await expect(verifier.verify((await hanko.mintSessionToken()).token)).resolves.toBeDefined()
  })

  it('with revocation: "remote", sees a logout at once', async () => {
    const hanko = await freshEmulator({ now })
    const verifier = createSessionVerifier({ apiUrl: API, audience: 'localhost', fetch: viaEmulator(hanko), revocation: 'remote', now: hanko.clock.now })
    const { token } = await hanko.mintSessionToken({ email: 'alice@example.com' })
    await expect(verifier.verify(token)).resolves.toMatchObject({ email: { address: 'alice@example.com' } })
    expect((await call(hanko, '/logout', { method: 'POST', headers: bearer(token) })).status).toBe(204)
    await expect(verifier.verify(token)).rejects.toSatisfy((error) => isSessionError(error, 'ERR_SESSION_REVOKED'))
  })

  it('with revocation: "remote", sees an account deletion in <hanko-profile> at once', async () => {
    const hanko = await freshEmulator({ now })
    const verifier = createSessionVerifier({ apiUrl: API, audience: 'localhost', fetch: viaEmulator(hanko), revocation: 'remote', now: hanko.clock.now })
    const { token } = await hanko.mintSessionToken({ email: 'alice@example.com' })
    await verifier.verify(token)
    const profile = await startFlow(hanko, 'profile', bearer(token))
    expect((await act(hanko, profile.body, 'account_delete', {}, bearer(token))).body.name).toBe('account_deleted')
    await expect(verifier.verify(token)).rejects.toSatisfy((error) => isSessionError(error, 'ERR_SESSION_REVOKED'))
  })

  it('with revocation: "remote", reports an unreachable Hanko (a dropped connection) as ERR_REVOCATION_UNAVAILABLE', async () => {
    const hanko = await freshEmulator({ now })
    const verifier = createSessionVerifier({ apiUrl: API, audience: 'localhost', fetch: viaEmulator(hanko), revocation: 'remote', now: hanko.clock.now })
    const { token } = await hanko.mintSessionToken()
    hanko.faults.inject({ path: '/sessions/validate', kind: 'drop', times: 1 })
    await expect(verifier.verify(token)).rejects.toSatisfy((error) => isSessionError(error, 'ERR_REVOCATION_UNAVAILABLE'))
    await expect(verifier.verify(token)).resolves.toBeDefined()
  })
})
