import type { ServerResponse } from 'node:http'
import type { StandardSchemaV1 } from '@standard-schema/spec'
import * as v from 'valibot'
import { describe, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import {
  type HankoSession,
  type SessionErrorCode,
  type SessionError,
  createSessionVerifier,
  getSessionToken,
  verifySession,
} from '../index.js'

describe('types', () => {
  it('requires audience, even if only as an explicit null', () => {
    // @ts-expect-error audience is required
    createSessionVerifier({ apiUrl: 'https://x.hanko.io' })
    createSessionVerifier({ apiUrl: 'https://x.hanko.io', audience: null })
  })

  it('types custom claims per call or from a claims schema', async () => {
    const verifier = createSessionVerifier({ apiUrl: 'https://x.hanko.io', audience: 'example.com' })
    const session = await verifier.verify<{ role: 'admin' | 'member' }>('token')
    expectTypeOf(session.claims.role).toEqualTypeOf<'admin' | 'member'>()
    expectTypeOf(session.claims.sub).toEqualTypeOf<string>()
    expectTypeOf(session.expiresAt).toEqualTypeOf<Date>()

    const schema = {} as StandardSchemaV1<unknown, { plan: 'free' | 'pro' }>
    const typed = createSessionVerifier({ apiUrl: 'https://x.hanko.io', audience: 'example.com', claimsSchema: schema })
    expectTypeOf((await typed.verify('token')).claims.plan).toEqualTypeOf<'free' | 'pro'>()
    expectTypeOf(await verifySession('token', { apiUrl: 'https://x.hanko.io', audience: 'a', claimsSchema: schema })).toEqualTypeOf<
      HankoSession<{ plan: 'free' | 'pro' }>
    >()
  })

  it("types claims as the schema's output, not its input (Zod defaults and preprocess, Valibot transforms)", async () => {
    const zodVerifier = createSessionVerifier({
      apiUrl: 'https://x.hanko.io',
      audience: 'example.com',
      claimsSchema: z.object({ plan: z.enum(['free', 'pro']).default('free'), beta: z.preprocess((value) => value === 'true', z.boolean()) }),
    })
    const zodSession = await zodVerifier.verify('token')
    expectTypeOf(zodSession.claims.plan).toEqualTypeOf<'free' | 'pro'>()
    expectTypeOf(zodSession.claims.beta).toEqualTypeOf<boolean>()
    const valibotVerifier = createSessionVerifier({
      apiUrl: 'https://x.hanko.io',
      audience: 'example.com',
      claimsSchema: v.object({ roles: v.pipe(v.string(), v.transform((value) => value.split(','))) }),
    })
    expectTypeOf((await valibotVerifier.verify('token')).claims.roles).toEqualTypeOf<string[]>()
  })

  it('follows the http-errors convention and writes onto a Node ServerResponse', () => {
    const error = {} as SessionError
    expectTypeOf(error.status).toEqualTypeOf<400 | 401 | 500 | 503>()
    expectTypeOf(error.statusCode).toEqualTypeOf<400 | 401 | 500 | 503>()
    expectTypeOf(error.expose).toEqualTypeOf<boolean>()
    expectTypeOf(error.headers).toEqualTypeOf<Record<string, string>>()
    error.writeTo({} as ServerResponse)
  })

  it('keeps sessions read-only and error codes a closed union', () => {
    const session = {} as HankoSession
    // @ts-expect-error sessions are read-only
    session.userId = 'other'
    expectTypeOf<SessionError['code']>().toEqualTypeOf<SessionErrorCode>()
    expectTypeOf(getSessionToken(new Headers())).toEqualTypeOf<string | undefined>()
  })
})
