import type { IncomingMessage, ServerResponse } from 'node:http'
import type { StandardSchemaV1 } from '@standard-schema/spec'
import type { Request as ExpressRequest, RequestHandler } from 'express'
import * as v from 'valibot'
import { describe, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import {
  type HankoSession,
  type SessionErrorCode,
  type SessionError,
  createSessionVerifier,
  getSessionToken,
  getSessionTokenFromCookie,
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

  it('verify() takes a token, a fetch Request, Headers, Node and Express requests and an API Gateway event', async () => {
    const verifier = createSessionVerifier({ apiUrl: 'https://x.hanko.io', audience: 'example.com' })
    const nodeRequest = {} as IncomingMessage
    const expressRequest = {} as ExpressRequest
    expectTypeOf(await verifier.verify(expressRequest)).toEqualTypeOf<HankoSession>()
    await verifier.verify(nodeRequest)
    await verifier.verify(new Request('https://example.com'))
    await verifier.verify(new Headers())
    await verifier.verify('token')
    await verifier.verify(undefined as string | undefined)
    await verifier.verify(new Headers().get('x-session-token'))
    const event = { headers: { Authorization: 'Bearer t' } as Record<string, string | undefined>, multiValueHeaders: {} as Record<string, string[] | undefined> }
    await verifier.verify(event)
    const requireSession: RequestHandler = (req, res, next) => {
      verifier.verify(req).then((session) => {
        res.locals['session'] = session
        next()
      }, next)
    }
    expectTypeOf(requireSession).toBeFunction()
    // @ts-expect-error Hono's c.req is not a request: pass c.req.raw
    await verifier.verify({ header: (name: string) => name, raw: new Request('https://example.com') })
    // @ts-expect-error a number is neither a token nor a request
    await verifier.verify(42)
  })

  it('getSessionToken() takes requests, never a string; a Cookie header has its own function', () => {
    expectTypeOf(getSessionToken({} as ExpressRequest)).toEqualTypeOf<string | undefined>()
    expectTypeOf(getSessionToken({} as IncomingMessage)).toEqualTypeOf<string | undefined>()
    // @ts-expect-error a string is not a request: use getSessionTokenFromCookie
    getSessionToken('hanko=token')
    expectTypeOf(getSessionTokenFromCookie(({} as IncomingMessage).headers.cookie)).toEqualTypeOf<string | undefined>()
    expectTypeOf(getSessionTokenFromCookie(new Headers().get('cookie'), { cookieName: 'sid' })).toEqualTypeOf<string | undefined>()
  })
})
