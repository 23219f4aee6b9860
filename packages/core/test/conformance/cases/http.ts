import { getSessionToken, getSessionTokenFromCookie, verifySession } from '@hanko-session/core'
import {
  API_URL,
  AUDIENCE,
  AssertionError,
  type ConformanceGroup,
  assert,
  assertEqual,
  expectSession,
  rejectsWith,
  throwsWith,
} from '../harness.js'

/** Headers as fetch builds them from a request that repeated a header: one value, joined with ", ". */
function repeated(name: string, ...values: string[]): Headers {
  const headers = new Headers()
  for (const value of values) headers.append(name, value)
  return headers
}

function throwsTypeError(action: () => unknown, hint: RegExp, what: string): void {
  try {
    action()
  } catch (error) {
    assert(error instanceof TypeError, `${what}: expected a TypeError, got ${String(error)}`)
    assert(hint.test(error.message), `${what}: the message says what to do: ${error.message}`)
    return
  }
  throw new AssertionError(`${what}: expected a TypeError, but nothing was thrown`)
}

/** Header values up to 64 KiB built to make a backtracking parser slow, with the outcome each must have. */
function adversarialAuthorizations(token: string): [value: string, outcome: string | undefined][] {
  const size = 64 * 1024
  return [
    [`Bearer${' '.repeat(size)}\nx`, 'ERR_TOKEN_MALFORMED'],
    [`Bearer ${' \t'.repeat(size / 2)}`, 'ERR_TOKEN_MALFORMED'],
    [`bearer ${'a'.repeat(size)}!`, 'ERR_TOKEN_MALFORMED'],
    [`Bearer a${'='.repeat(size)}a`, 'ERR_TOKEN_MALFORMED'],
    [`${'Bearer '.repeat(size / 7)}${token}`, 'ERR_TOKEN_MALFORMED'],
    [`Bearer ${token}${', Bearer'.repeat(size / 8)}`, 'ERR_TOKEN_MALFORMED'],
    [','.repeat(size), undefined],
    [' '.repeat(size), undefined],
    [`Basic ${', '.repeat(size / 2)}Bearer ${token}`, token],
    [`Bearer ${token}, `.repeat(Math.floor(size / (token.length + 9))), token],
    ['x'.repeat(size), undefined],
    [`Digest ${'a="b", '.repeat(size / 8)}`, undefined],
  ]
}

/** Catalogue §4 H: finding the token in a request, and answering HTTP. */
export const http: ConformanceGroup = {
  name: 'H. Extraction and HTTP integration',
  cases: [
    {
      id: 'H1',
      title: 'reads Authorization: Bearer with any scheme case, ignores other schemes, and refuses a broken or doubled Bearer',
      async run(fixture) {
        const token = await fixture.mint()
        for (const value of [`Bearer ${token}`, `bearer ${token}`, `BEARER ${token}`, `Bearer   ${token}`, ` Bearer ${token} `]) {
          assertEqual(getSessionToken(new Headers({ authorization: value })), token, `token from "${value.slice(0, 12)}…"`)
        }
        assertEqual(getSessionToken(new Headers({ authorization: 'Basic dXNlcjpwYXNz' })), undefined, 'Basic is not ours')
        for (const value of ['Bearer', 'Bearer ', `Bearer ${token} extra`, `Bearer ${token}, realm="api"`, `Bearer "${token}"`, `Bearer=${token}`]) {
          throwsWith(() => getSessionToken(new Headers({ authorization: value })), 'ERR_TOKEN_MALFORMED', `"${value.slice(0, 20)}"`)
        }
        const verifier = fixture.hanko().verifier()
        expectSession(await verifier.verify(new Request('https://api.example.com/', { headers: { authorization: `bearer ${token}` } })), fixture)
        await rejectsWith(verifier.verify(new Request('https://api.example.com/', { headers: { authorization: 'Bearer' } })), 'ERR_TOKEN_MALFORMED')
      },
    },
    {
      id: 'H2',
      title: 'reads the hanko cookie (or a configured name) from a Request, Headers, a Node request, or a Cookie header with getSessionTokenFromCookie',
      async run(fixture) {
        const token = await fixture.mint()
        const cookie = `theme=dark; hanko=${token}; other=1`
        assertEqual(getSessionToken(new Request('https://api.example.com/', { headers: { cookie } })), token, 'Request')
        assertEqual(getSessionToken(new Headers({ cookie })), token, 'Headers')
        assertEqual(getSessionToken({ headers: { cookie, host: 'api.example.com' } }), token, 'Node request')
        assertEqual(getSessionToken({ headers: { cookie: [`a=1`, `hanko="${token}"`] } }), token, 'Node request, cookie array, quoted value')
        assertEqual(getSessionTokenFromCookie(cookie), token, 'Cookie header')
        assertEqual(getSessionTokenFromCookie(`__Host-session=${token}`, { cookieName: '__Host-session' }), token, 'configured name')
        assertEqual(getSessionTokenFromCookie(`hankoX=${token}; xhanko=${token}`), undefined, 'names match exactly')
        assertEqual(getSessionTokenFromCookie('hanko=; theme=dark'), undefined, 'a deleted cookie is no token')
        assertEqual(getSessionTokenFromCookie(undefined), undefined, 'no Cookie header')
        assertEqual(getSessionTokenFromCookie(null), undefined, 'no Cookie header (Headers.get)')
        throwsWith(() => getSessionTokenFromCookie(`hanko=${token}; hanko=x${token}`), 'ERR_AMBIGUOUS_TOKEN', 'two cookies')
        const verifier = fixture.hanko().verifier({ cookieName: 'sid' })
        expectSession(await verifier.verify({ headers: { cookie: `sid=${token}` } }), fixture)
        expectSession(await verifier.verifyRequest({ headers: { cookie: `sid=${token}` } }), fixture)
        await rejectsWith(verifier.verify(new Request('https://api.example.com/', { headers: { cookie } })), 'ERR_TOKEN_MISSING')
      },
    },
    {
      id: 'H3',
      title: 'refuses a request whose header and cookie carry different tokens (ERR_AMBIGUOUS_TOKEN, 400)',
      async run(fixture) {
        const token = await fixture.mint()
        const other = await fixture.mint({ key: fixture.nextKey })
        const verifier = fixture.hanko().verifier()
        const error = await rejectsWith(
          verifier.verify(new Request('https://api.example.com/', { headers: { authorization: `Bearer ${token}`, cookie: `hanko=${other}` } })),
          'ERR_AMBIGUOUS_TOKEN',
        )
        assertEqual(error.httpStatus, 400, 'httpStatus')
        await rejectsWith(verifier.verify(new Headers({ cookie: `hanko=${token}; hanko=${other}` })), 'ERR_AMBIGUOUS_TOKEN')
        const same = new Request('https://api.example.com/', { headers: { authorization: `Bearer ${token}`, cookie: `hanko=${token}` } })
        expectSession(await verifier.verify(same), fixture)
      },
    },
    {
      id: 'H4',
      title: 'answers RFC 6750: 401 with an escaped WWW-Authenticate, a bare challenge without a token, 503 with Retry-After',
      async run(fixture) {
        const verifier = fixture.hanko().verifier()
        const invalid = await rejectsWith(verifier.verify(await fixture.mint({ key: fixture.attackerKey })), 'ERR_SIGNATURE_INVALID')
        const response = invalid.toResponse({ realm: 'api "v1"' })
        assertEqual(response.status, 401, 'status')
        assertEqual(
          response.headers.get('www-authenticate'),
          'Bearer realm="api \\"v1\\"", error="invalid_token", error_description="The session token signature is invalid."',
          'WWW-Authenticate',
        )
        assertEqual(response.headers.get('cache-control'), 'no-store', 'Cache-Control')
        assertEqual(await response.json(), { error: 'ERR_SIGNATURE_INVALID', message: 'The session token signature is invalid.' }, 'body')
        const missing = await rejectsWith(verifier.verify(new Request('https://api.example.com/')), 'ERR_TOKEN_MISSING')
        assertEqual(missing.toResponse().headers.get('www-authenticate'), 'Bearer', 'challenge without a token')
        const kid = 'evil"\\kid'
        const quoted = await rejectsWith(verifier.verify(await fixture.mint({ header: { kid } })), 'ERR_NO_MATCHING_KEY')
        const challenge = quoted.toResponse().headers.get('www-authenticate')!
        assert(/error_description="(?:[^"\\]|\\.)*"$/.test(challenge), `quotes are escaped: ${challenge}`)
        const hanko = fixture.hanko()
        hanko.respondJwks({ status: 500, body: '' })
        const outage = await rejectsWith(hanko.verifier().verify(await fixture.mint()), 'ERR_JWKS_UNAVAILABLE')
        const unavailable = outage.toResponse()
        assertEqual(unavailable.status, 503, 'status')
        assertEqual(unavailable.headers.get('retry-after'), '5', 'Retry-After')
        assertEqual(unavailable.headers.get('www-authenticate'), null, 'no challenge on 503')
        assertEqual(
          await unavailable.json(),
          { error: 'ERR_JWKS_UNAVAILABLE', message: 'The session cannot be checked right now. Try again later.' },
          'a 503 body keeps the server-side details (URLs, statuses) out',
        )
      },
    },
    {
      id: 'H5',
      title: 'never puts the token into an error message, whatever went wrong',
      async run(fixture) {
        const hanko = fixture.hanko()
        const verifier = hanko.verifier({ revocation: 'remote' })
        const token = await fixture.mint()
        const signature = token.split('.')[2]!
        const candidates = [
          fixture.mint({ key: fixture.attackerKey }),
          fixture.mint({ claims: fixture.claims({ aud: 'elsewhere' }) }),
          Promise.resolve(`${token}x`),
          Promise.resolve(token),
        ]
        for (const candidate of candidates) {
          const input = await candidate
          const error = await verifier.verify(input).then(() => undefined, (reason: unknown) => reason as Error)
          assert(error !== undefined, 'it was rejected')
          const text = `${error.message} ${JSON.stringify(error)} ${String(error.stack)}`
          assert(!text.includes(input.split('.')[2]!.slice(0, 40)) && !text.includes(signature.slice(0, 40)), `no token in: ${error.message}`)
        }
      },
    },
    {
      id: 'H6',
      title: 'refuses a verifier without audience, without a key source, or with an unsafe URL or algorithm',
      async run(fixture) {
        const hanko = fixture.hanko()
        for (const [options, hint] of [
          [{ audience: undefined }, /audience: null/],
          [{ apiUrl: undefined }, /apiUrl/],
          [{ apiUrl: 'http://hanko.example.test' }, /https/],
          [{ apiUrl: 'https://user:pass@hanko.example.test' }, /credentials/],
          [{ apiUrl: 'not a url' }, /absolute URL/],
          [{ apiUrl: 'xyz.hanko.io' }, /no scheme.*"https:\/\/xyz\.hanko\.io"/],
          [{ apiUrl: 'localhost:8000' }, /no scheme.*"https:\/\/localhost:8000"/],
          [{ jwksUrl: 'hanko.example.test/.well-known/jwks.json' }, /no scheme/],
          [{ apiUrl: 'http://localhost.evil.example' }, /https/],
          [{ jwksUrl: 'ftp://example.com/jwks' }, /https/],
          [{ algorithms: ['HS256'] }, /asymmetric/],
          [{ algorithms: ['none'] }, /asymmetric/],
          [{ algorithms: [] }, /non-empty/],
          [{ audience: [] }, /non-empty/],
          [{ cookieName: 'bad name;' }, /cookie/],
          [{ fetch: 'fetch' }, /function/],
        ] as const) {
          const thrown = throwsWith(() => hanko.verifier(options as never), 'ERR_INVALID_OPTIONS', JSON.stringify(options))
          assert(hint.test(thrown.message), `${JSON.stringify(options)}: the message says what to do: ${thrown.message}`)
        }
        for (const apiUrl of ['http://localhost:8000', 'http://127.0.0.1:8000/tenant', 'http://[::1]:8000', 'http://hanko.localhost:8000']) {
          hanko.verifier({ apiUrl })
        }
      },
    },
    {
      id: 'H7',
      title: 'verifySession shares one JWKS cache per URL, and applies the claim rules of each call',
      async run(fixture) {
        const hanko = fixture.hanko()
        const token = await fixture.mint()
        const options = { apiUrl: API_URL, audience: AUDIENCE, fetch: hanko.fetch, now: hanko.clock.now }
        expectSession(await verifySession(token, options), fixture)
        expectSession(await verifySession(token, { ...options }), fixture)
        expectSession(await verifySession(new Request('https://api.example.com/', { headers: { authorization: `Bearer ${token}` } }), options), fixture)
        assertEqual(hanko.jwksRequests(), 1, 'JWKS requests for three calls')
        await rejectsWith(verifySession(token, { ...options, audience: 'other.example' }), 'ERR_CLAIM_INVALID', 'aud')
        assertEqual(hanko.jwksRequests(), 1, 'another audience shares the keys of the URL')
      },
    },
    {
      id: 'H8',
      title: 'carries status, statusCode, expose and headers (http-errors convention) so framework error handlers answer 401, not 500',
      async run(fixture) {
        const hanko = fixture.hanko()
        const verifier = hanko.verifier()
        const invalid = await rejectsWith(verifier.verify(await fixture.mint({ key: fixture.attackerKey })), 'ERR_SIGNATURE_INVALID')
        assertEqual([invalid.status, invalid.statusCode, invalid.httpStatus, invalid.expose], [401, 401, 401, true], '401')
        assert(invalid.headers['WWW-Authenticate']?.startsWith('Bearer error="invalid_token"'), 'WWW-Authenticate in headers')
        assertEqual(invalid.headers['Cache-Control'], 'no-store', 'Cache-Control in headers')
        const ambiguous = await rejectsWith(
          verifier.verifyRequest(new Headers({ cookie: `hanko=${await fixture.mint()}; hanko=${await fixture.mint({ key: fixture.nextKey })}` })),
          'ERR_AMBIGUOUS_TOKEN',
        )
        assertEqual([ambiguous.status, ambiguous.statusCode, ambiguous.expose], [400, 400, true], '400')
        hanko.respondJwks({ status: 500, body: '' })
        const outage = await rejectsWith(hanko.verifier().verify(await fixture.mint()), 'ERR_JWKS_UNAVAILABLE')
        assertEqual([outage.status, outage.statusCode, outage.expose, outage.headers['Retry-After']], [503, 503, false, '5'], '503')
        const broken = await rejectsWith(hanko.verifier({ now: () => Number.NaN }).verify(await fixture.mint()), 'ERR_INVALID_OPTIONS')
        assertEqual([broken.status, broken.statusCode, broken.expose], [500, 500, false], '500')
      },
    },
    {
      id: 'H9',
      title: 'writes itself onto a Node ServerResponse: the status, headers and JSON body of toResponse()',
      async run(fixture) {
        const verifier = fixture.hanko().verifier()
        const error = await rejectsWith(verifier.verify(await fixture.mint({ key: fixture.attackerKey })), 'ERR_SIGNATURE_INVALID')
        const written = { statusCode: 200, headers: new Map<string, string>(), body: undefined as string | undefined, ends: 0 }
        error.writeTo(
          {
            get statusCode() {
              return written.statusCode
            },
            set statusCode(status: number) {
              written.statusCode = status
            },
            setHeader: (name: string, value: string) => written.headers.set(name.toLowerCase(), value),
            end: (body: string) => {
              written.body = body
              written.ends++
            },
          },
          { realm: 'api', headers: { 'access-control-allow-origin': 'https://app.example.com' } },
        )
        const response = error.toResponse({ realm: 'api', headers: { 'access-control-allow-origin': 'https://app.example.com' } })
        assertEqual(written.statusCode, response.status, 'status')
        assertEqual(Object.fromEntries(written.headers), Object.fromEntries(response.headers), 'headers')
        assertEqual(written.body, await response.text(), 'body')
        assertEqual(written.ends, 1, 'ended once')
        assertEqual(written.headers.get('www-authenticate')?.startsWith('Bearer realm="api", error="invalid_token"'), true, 'challenge')
      },
    },
    {
      id: 'H10',
      title: 'refuses two different Bearer tokens however the request repeats Authorization (fetch joins, Node folds, API Gateway lists)',
      async run(fixture) {
        const token = await fixture.mint()
        const other = await fixture.mint({ key: fixture.nextKey })
        const verifier = fixture.hanko().verifier()
        const twoBearers = [`Bearer ${token}`, `Bearer ${other}`]
        const shapes: [string, unknown][] = [
          ['fetch Headers (joined with ", ")', repeated('authorization', ...twoBearers)],
          ['a Request', new Request('https://api.example.com/', { headers: repeated('authorization', ...twoBearers) })],
          ['one header listing two Bearer credentials', new Headers({ authorization: twoBearers.join(',') })],
          ['Node: folded headers with rawHeaders', { headers: { authorization: twoBearers[0] }, rawHeaders: ['Authorization', twoBearers[0], 'authorization', twoBearers[1]] }],
          ['Node: headersDistinct', { headers: { authorization: twoBearers[0] }, headersDistinct: { authorization: twoBearers } }],
          ['Fastify: request.raw', { headers: { authorization: twoBearers[0] }, raw: { rawHeaders: ['Authorization', twoBearers[0], 'Authorization', twoBearers[1]] } }],
          ['Koa: ctx.req', { headers: { authorization: twoBearers[0] }, req: { rawHeaders: ['Authorization', twoBearers[0], 'Authorization', twoBearers[1]] } }],
          ['API Gateway: multiValueHeaders', { headers: { Authorization: twoBearers[1] }, multiValueHeaders: { Authorization: twoBearers } }],
          ['a record with two spellings', { headers: { Authorization: twoBearers[0], authorization: twoBearers[1] } }],
        ]
        for (const [what, request] of shapes) {
          throwsWith(() => getSessionToken(request as never), 'ERR_AMBIGUOUS_TOKEN', what)
          await rejectsWith(verifier.verify(request as never), 'ERR_AMBIGUOUS_TOKEN')
        }
        const sameTwice = { headers: { authorization: `Bearer ${token}` }, rawHeaders: ['Authorization', `Bearer ${token}`, 'Authorization', `bearer ${token}`] }
        expectSession(await verifier.verify(sameTwice), fixture)
        expectSession(await verifier.verify(repeated('authorization', `Bearer ${token}`, `Bearer ${token}`)), fixture)
      },
    },
    {
      id: 'H11',
      title: 'a Bearer credential joined with another scheme still counts: it never falls through to a cookie carrying another token',
      async run(fixture) {
        const token = await fixture.mint()
        const other = await fixture.mint({ key: fixture.nextKey })
        const verifier = fixture.hanko().verifier()
        for (const authorization of [[`Basic dXNlcjpwYXNz`, `Bearer ${token}`], [`Bearer ${token}`, 'Basic dXNlcjpwYXNz'], [`Digest a="1", b="2"`, `Bearer ${token}`]]) {
          const what = authorization.map((value) => value.slice(0, 6)).join(' + ')
          assertEqual(getSessionToken(repeated('authorization', ...authorization)), token, what)
          expectSession(await verifier.verify(repeated('authorization', ...authorization)), fixture)
          const withCookie = repeated('authorization', ...authorization)
          withCookie.set('cookie', `hanko=${other}`)
          throwsWith(() => getSessionToken(withCookie), 'ERR_AMBIGUOUS_TOKEN', `${what} + another cookie`)
          await rejectsWith(verifier.verify(withCookie), 'ERR_AMBIGUOUS_TOKEN')
        }
        for (const authorization of [['Basic dXNlcjpwYXNz', 'Bearer'], [`Bearer ${token}`, 'realm="api"']]) {
          const headers = repeated('authorization', ...authorization)
          headers.set('cookie', `hanko=${token}`)
          throwsWith(() => getSessionToken(headers), 'ERR_TOKEN_MALFORMED', authorization.join(', ').slice(0, 24))
        }
        const basicOnly = new Headers({ authorization: 'Basic dXNlcjpwYXNz', cookie: `hanko=${token}` })
        assertEqual(getSessionToken(basicOnly), token, 'another scheme alone is not ours: the cookie counts')
      },
    },
    {
      id: 'H12',
      title: 'reads header names of plain records in any case (an API Gateway event), each spelling counting as a copy',
      async run(fixture) {
        const token = await fixture.mint()
        const other = await fixture.mint({ key: fixture.nextKey })
        const verifier = fixture.hanko().verifier()
        const event = { headers: { Authorization: `Bearer ${token}`, Host: 'api.example.com' }, multiValueHeaders: { Authorization: [`Bearer ${token}`] } }
        expectSession(await verifier.verify(event), fixture)
        assertEqual(getSessionToken({ headers: { COOKIE: `hanko=${token}` } }), token, 'COOKIE')
        throwsWith(() => getSessionToken({ headers: { Cookie: `hanko=${token}`, cookie: `hanko=${other}` } }), 'ERR_AMBIGUOUS_TOKEN', 'two cookie spellings')
        throwsWith(() => getSessionToken({ headers: { AUTHORIZATION: `Bearer ${other}`, cookie: `hanko=${token}` } }), 'ERR_AMBIGUOUS_TOKEN', 'header vs cookie')
      },
    },
    {
      id: 'H13',
      title: 'a string is always a token for verify(); anything that is neither a token nor a request is refused with a SessionError',
      async run(fixture) {
        const token = await fixture.mint()
        const verifier = fixture.hanko().verifier()
        const cookieHeader = `hanko=${token}`
        await rejectsWith(verifier.verify(cookieHeader), 'ERR_TOKEN_MALFORMED')
        throwsTypeError(() => getSessionToken(cookieHeader as never), /getSessionTokenFromCookie/, 'getSessionToken(string)')
        for (const input of [undefined, null, { headers: null }, { headers: undefined }, new Headers()]) {
          await rejectsWith(verifier.verify(input), 'ERR_TOKEN_MISSING')
        }
        assertEqual(getSessionToken({ headers: null }), undefined, 'headers: null is a request without headers')
        for (const input of [42, true, {}, { headers: 'authorization: Bearer x' }, { headers: 7 }, () => token]) {
          const error = await rejectsWith(verifier.verify(input as never), 'ERR_TOKEN_MALFORMED')
          assert(/verify\(\) takes a token string/.test(error.message), `the message says what verify takes: ${error.message}`)
          assert(error.cause instanceof TypeError, 'the cause says why')
          throwsTypeError(() => getSessionToken(input as never), /takes a fetch Request/, String(typeof input))
        }
        const honoContext = { raw: new Request('https://api.example.com/', { headers: { authorization: `Bearer ${token}` } }), header: () => undefined }
        const hint = await rejectsWith(verifier.verify(honoContext as never), 'ERR_TOKEN_MALFORMED')
        assert(hint.message.includes('c.req.raw'), `the message names the fix: ${hint.message}`)
        const hostile = { get headers(): never { throw new Error('a getter that throws') } }
        const error = await rejectsWith(verifier.verify(hostile), 'ERR_TOKEN_MALFORMED')
        assertEqual((error.cause as Error).message, 'a getter that throws', 'cause')
      },
    },
    {
      id: 'H14',
      title: 'decides adversarial Authorization headers of 64 KiB correctly, in one pass',
      async run(fixture) {
        const token = await fixture.mint()
        for (const [value, outcome] of adversarialAuthorizations(token)) {
          const what = JSON.stringify(value.slice(0, 16))
          const request = { headers: { authorization: value } }
          if (outcome === 'ERR_TOKEN_MALFORMED') throwsWith(() => getSessionToken(request), 'ERR_TOKEN_MALFORMED', what)
          else assertEqual(getSessionToken(request), outcome, what)
        }
      },
    },
  ],
}
