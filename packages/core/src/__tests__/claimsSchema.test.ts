import { SignJWT, exportJWK, generateKeyPair } from 'jose'
import * as v from 'valibot'
import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { type HankoSession, type SessionVerifierOptions, createSessionVerifier } from '../index.js'

const NOW = Date.UTC(2031, 0, 15, 12, 0, 0)
const USER_ID = '7f1c2a3b-4d5e-4f60-8a1b-2c3d4e5f6a7b'
const SESSION_ID = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d'

let jwks: { keys: Record<string, unknown>[] }
let mint: (claims?: Record<string, unknown>) => Promise<string>

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 })
  jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' }] }
  mint = (claims = {}) =>
    new SignJWT({ sub: USER_ID, session_id: SESSION_ID, aud: ['example.com'], ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1', typ: 'JWT' })
      .setIssuedAt(NOW / 1000 - 60)
      .setExpirationTime(NOW / 1000 + 3600)
      .sign(privateKey)
})

function verifierWith<T extends object>(claimsSchema: NonNullable<SessionVerifierOptions<T>['claimsSchema']>) {
  return createSessionVerifier({ jwks, audience: 'example.com', now: () => NOW, claimsSchema })
}

describe('claimsSchema', () => {
  it("carries Zod's output: defaults and preprocessed coercions, typed as the output", async () => {
    const verifier = verifierWith(
      z.object({
        plan: z.enum(['free', 'pro']).default('free'),
        beta: z.preprocess((value) => value === 'true' || value === true, z.boolean()),
      }),
    )
    const token = await mint({ beta: 'false' })
    const session = await verifier.verify(token)
    expect(session.claims.plan).toBe('free')
    expect(session.claims.beta).toBe(false)
    expect(session.userId).toBe(USER_ID)
    expect(session.claims.sub).toBe(USER_ID)
    expect(session.claims['amr']).toBeUndefined()
    for (let use = 0; use < 3; use++) expect((await verifier.verify(token)).claims).toEqual(session.claims)
  })

  it("carries Valibot's transformed output", async () => {
    const verifier = verifierWith(
      v.object({
        roles: v.pipe(
          v.string(),
          v.transform((value) => value.split(',')),
        ),
      }),
    )
    const session = await verifier.verify(await mint({ roles: 'admin,billing' }))
    expect(session.claims.roles).toEqual(['admin', 'billing'])
    expect(Object.isFrozen(session.claims.roles)).toBe(true)
  })

  it('reports the failing path of a Zod or Valibot schema as ERR_CLAIM_INVALID', async () => {
    const token = await mint({ role: 'root' })
    for (const schema of [z.object({ role: z.enum(['admin', 'member']) }), v.object({ role: v.picklist(['admin', 'member']) })]) {
      await expect(verifierWith(schema).verify(token)).rejects.toMatchObject({ code: 'ERR_CLAIM_INVALID', claim: 'role', status: 401 })
    }
  })

  it('turns a transform that throws into ERR_CLAIM_INVALID with the thrown error as cause', async () => {
    const thrown = new SyntaxError('Unexpected token')
    const schemas = [
      z.object({ prefs: z.string().transform(() => { throw thrown }) }),
      // Async with Valibot: Zod 4's ~standard.validate strands an async transform's rejection from its
      // sync first attempt (colinhacks/zod#6610), which no caller can catch.
      v.objectAsync({ prefs: v.pipeAsync(v.string(), v.transformAsync(async () => { throw thrown })) }),
      v.object({ prefs: v.pipe(v.string(), v.transform(() => { throw thrown })) }),
    ]
    for (const schema of schemas) {
      const error: unknown = await verifierWith(schema).verify(await mint({ prefs: '{' })).catch((reason: unknown) => reason)
      expect(error).toMatchObject({ name: 'SessionError', code: 'ERR_CLAIM_INVALID', cause: thrown })
    }
  })

  it('refuses a schema that changes a verified claim (500: the setup is wrong), but lets it check one', async () => {
    const token = await mint()
    const changing = verifierWith(z.object({ exp: z.number().transform((exp) => exp + 86_400) }))
    await expect(changing.verify(token)).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS', status: 500 })
    const checking = verifierWith(z.object({ sub: z.uuid(), exp: z.number(), aud: z.array(z.string()) }))
    const session: HankoSession<{ sub: string; exp: number; aud: string[] }> = await checking.verify(token)
    expect(session.claims.exp).toBe(NOW / 1000 + 3600)
  })
})
