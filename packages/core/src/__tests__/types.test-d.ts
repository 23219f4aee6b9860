import type { StandardSchemaV1 } from '@standard-schema/spec'
import { describe, expectTypeOf, it } from 'vitest'
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

  it('keeps sessions read-only and error codes a closed union', () => {
    const session = {} as HankoSession
    // @ts-expect-error sessions are read-only
    session.userId = 'other'
    expectTypeOf<SessionError['code']>().toEqualTypeOf<SessionErrorCode>()
    expectTypeOf(getSessionToken(new Headers())).toEqualTypeOf<string | undefined>()
  })
})
