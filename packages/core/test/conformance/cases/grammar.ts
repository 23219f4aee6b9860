import { type ConformanceGroup, assert, assertEqual, base64url, expectSession, rejectsWith, withSegment } from '../harness.js'

/** Catalogue §4 A: token grammar and encoding. Everything here is refused before any key is fetched. */
export const grammar: ConformanceGroup = {
  name: 'A. Token grammar and encoding',
  cases: [
    {
      id: 'A1',
      title: 'rejects an empty string, a number or an object as malformed, and null or undefined as missing',
      async run(fixture) {
        const hanko = fixture.hanko()
        const verifier = hanko.verifier()
        for (const input of ['', 42, { token: 'x' }, ['a.b.c']]) {
          await rejectsWith(verifier.verify(input as string), 'ERR_TOKEN_MALFORMED')
        }
        await rejectsWith(verifier.verify(undefined), 'ERR_TOKEN_MISSING')
        await rejectsWith(verifier.verify(null), 'ERR_TOKEN_MISSING')
        assertEqual(hanko.jwksRequests(), 0, 'JWKS requests')
      },
    },
    {
      id: 'A2',
      title: 'rejects tokens without exactly three non-empty segments',
      async run(fixture) {
        const hanko = fixture.hanko()
        const verifier = hanko.verifier()
        const [header, payload, signature] = (await fixture.mint()).split('.') as [string, string, string]
        const shapes = [
          `${header}.${payload}`,
          `${header}.${payload}.${signature}.${signature}`,
          `${header}.${payload}.${signature}.`,
          '.....',
          '..',
          `.${payload}.${signature}`,
          `${header}..${signature}`,
          `${header}.${payload}.`,
          header,
        ]
        for (const token of shapes) await rejectsWith(verifier.verify(token), 'ERR_TOKEN_MALFORMED')
        assertEqual(hanko.jwksRequests(), 0, 'JWKS requests')
      },
    },
    {
      id: 'A3',
      title: 'rejects the JWS JSON serialization',
      async run(fixture) {
        const [protectedHeader, payload, signature] = (await fixture.mint()).split('.')
        const verifier = fixture.hanko().verifier()
        await rejectsWith(verifier.verify(JSON.stringify({ protected: protectedHeader, payload, signature })), 'ERR_TOKEN_MALFORMED')
        await rejectsWith(
          verifier.verify(JSON.stringify({ payload, signatures: [{ protected: protectedHeader, signature }] })),
          'ERR_TOKEN_MALFORMED',
        )
      },
    },
    {
      id: 'A4',
      title: 'rejects non-base64url characters, whitespace anywhere and padding',
      async run(fixture) {
        const hanko = fixture.hanko()
        const verifier = hanko.verifier()
        const token = await fixture.mint()
        const [header, payload, signature] = token.split('.') as [string, string, string]
        const variants = [
          ` ${token}`,
          `${token} `,
          `${token}\n`,
          `${token}\r\n`,
          `\t${token}`,
          `${header}.${payload}.${signature.slice(0, 10)} ${signature.slice(10)}`,
          `${header}.${payload}.${signature}=`,
          `${header}.${payload}.${signature}==`,
          `${header}=.${payload}.${signature}`,
          withSegment(token, 2, signature.replace(/-/g, '+').replace(/_/g, '/') + (signature.includes('-') || signature.includes('_') ? '' : '+')),
          withSegment(token, 1, `${payload.slice(0, 4)}!${payload.slice(5)}`),
          withSegment(token, 1, `${payload.slice(0, 4)}\\${payload.slice(5)}`),
        ]
        for (const variant of variants) await rejectsWith(verifier.verify(variant), 'ERR_TOKEN_MALFORMED')
        assertEqual(hanko.jwksRequests(), 0, 'JWKS requests')
        expectSession(await verifier.verify(token), fixture)
      },
    },
    {
      id: 'A5',
      title: 'rejects non-canonical base64url (set unused bits, impossible lengths), so a token has one spelling',
      async run(fixture) {
        const verifier = fixture.hanko().verifier()
        const token = await fixture.mint()
        const signature = token.split('.')[2]!
        // A 2048-bit signature is 256 bytes: 342 characters, the last carrying 4 unused bits.
        assertEqual(signature.length % 4, 2, 'signature length mod 4')
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
        const last = alphabet.indexOf(signature.at(-1)!)
        const withUnusedBits = signature.slice(0, -1) + alphabet[last | 1]
        await rejectsWith(verifier.verify(withSegment(token, 2, withUnusedBits)), 'ERR_TOKEN_MALFORMED')
        await rejectsWith(verifier.verify(withSegment(token, 2, `${signature}AAA`)), 'ERR_TOKEN_MALFORMED') // 4n+1 characters
      },
    },
    {
      id: 'A6',
      title: 'rejects a header or payload that is not a JSON object',
      async run(fixture) {
        const verifier = fixture.hanko().verifier()
        const header = JSON.stringify({ alg: 'RS256', kid: fixture.key.kid })
        const payload = JSON.stringify(fixture.claims())
        for (const [headerText, payloadText] of [
          ['not json', payload],
          [header, 'not json'],
          ['[]', payload],
          [header, '[1,2]'],
          ['null', payload],
          [header, 'null'],
          [header, '42'],
          [header, '""'],
          ['{"alg":"RS256","kid":"key-1"', payload],
          [header, `${payload},`],
        ] as const) {
          await rejectsWith(verifier.verify(await fixture.mintRaw(headerText, payloadText)), 'ERR_TOKEN_MALFORMED')
        }
      },
    },
    {
      id: 'A7',
      title: 'rejects invalid UTF-8 in the header or payload',
      async run(fixture) {
        const verifier = fixture.hanko().verifier()
        const token = await fixture.mint()
        const invalidUtf8 = base64url(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])) // {"\xff\xfe":1}
        await rejectsWith(verifier.verify(withSegment(token, 1, invalidUtf8)), 'ERR_TOKEN_MALFORMED')
        await rejectsWith(verifier.verify(withSegment(token, 0, invalidUtf8)), 'ERR_TOKEN_MALFORMED')
        const overlong = base64url(new Uint8Array([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d])) // overlong "/"
        await rejectsWith(verifier.verify(withSegment(token, 1, overlong)), 'ERR_TOKEN_MALFORMED')
      },
    },
    {
      id: 'A8',
      title: 'rejects a byte order mark before the header or payload JSON, even when validly signed',
      async run(fixture) {
        const verifier = fixture.hanko().verifier()
        const header = JSON.stringify({ alg: 'RS256', kid: fixture.key.kid, typ: 'JWT' })
        const payload = JSON.stringify(fixture.claims())
        await rejectsWith(verifier.verify(await fixture.mintRaw(`\ufeff${header}`, payload)), 'ERR_TOKEN_MALFORMED')
        await rejectsWith(verifier.verify(await fixture.mintRaw(header, `\ufeff${payload}`)), 'ERR_TOKEN_MALFORMED')
        expectSession(await verifier.verify(await fixture.mintRaw(header, payload)), fixture)
      },
    },
    {
      id: 'A9',
      title: 'rejects validly signed tokens with duplicate member names (sub, alg, exp, even escaped)',
      async run(fixture) {
        const verifier = fixture.hanko().verifier()
        const header = `{"alg":"RS256","kid":"${fixture.key.kid}","typ":"JWT"}`
        const payload = JSON.stringify(fixture.claims()).slice(0, -1)
        const admin = crypto.randomUUID()
        for (const [headerText, payloadText] of [
          [header, `${payload},"sub":"${admin}"}`],
          [header, `${payload},"exp":9999999999}`],
          [header, `${payload},"\\u0073ub":"${admin}"}`],
          [`{"alg":"RS256","alg":"RS256","kid":"${fixture.key.kid}"}`, `${payload}}`],
          [header, `${payload},"email":{"address":"a@b.c","address":"x@y.z","is_primary":true,"is_verified":true}}`],
        ] as const) {
          await rejectsWith(verifier.verify(await fixture.mintRaw(headerText, payloadText)), 'ERR_TOKEN_MALFORMED')
        }
      },
    },
    {
      id: 'A10',
      title: 'rejects __proto__, constructor and prototype members, and never pollutes a prototype',
      async run(fixture) {
        const verifier = fixture.hanko().verifier()
        const header = `{"alg":"RS256","kid":"${fixture.key.kid}","typ":"JWT"}`
        const payload = JSON.stringify(fixture.claims()).slice(0, -1)
        for (const member of ['__proto__', 'constructor', 'prototype']) {
          const crafted = `${payload},"${member}":{"isAdmin":true}}`
          await rejectsWith(verifier.verify(await fixture.mintRaw(header, crafted)), 'ERR_TOKEN_MALFORMED')
          const nested = `${payload},"app":{"${member}":{"isAdmin":true}}}`
          await rejectsWith(verifier.verify(await fixture.mintRaw(header, nested)), 'ERR_TOKEN_MALFORMED')
        }
        await rejectsWith(
          verifier.verify(await fixture.mintRaw(`{"alg":"RS256","kid":"${fixture.key.kid}","__proto__":{"alg":"none"}}`, `${payload}}`)),
          'ERR_TOKEN_MALFORMED',
        )
        assertEqual(({} as Record<string, unknown>)['isAdmin'], undefined, 'Object.prototype.isAdmin')
        const { claims } = await verifier.verify(await fixture.mint())
        assert(!(claims instanceof Object) && !('toString' in claims) && !('__proto__' in claims), 'claims inherit nothing')
        assert(Object.isFrozen(Object.getPrototypeOf(claims)), 'the prototype chain of claims cannot be changed')
      },
    },
    {
      id: 'A11',
      title: 'rejects an oversized token before decoding or fetching anything',
      async run(fixture) {
        const hanko = fixture.hanko()
        const verifier = hanko.verifier()
        const huge = `${'a'.repeat(1 << 20)}.b.c`
        await rejectsWith(verifier.verify(huge), 'ERR_TOKEN_TOO_LARGE')
        const large = await fixture.mint({ claims: fixture.claims({ padding: 'x'.repeat(9000) }) })
        await rejectsWith(verifier.verify(large), 'ERR_TOKEN_TOO_LARGE')
        assertEqual(hanko.jwksRequests(), 0, 'JWKS requests')
        const roomier = hanko.verifier({ maxTokenLength: 16_384 })
        expectSession(await roomier.verify(large), fixture)
      },
    },
    {
      id: 'A12',
      title: 'rejects the unencoded-payload option (b64: false, with or without crit)',
      async run(fixture) {
        const verifier = fixture.hanko().verifier()
        const payload = JSON.stringify(fixture.claims())
        for (const header of [
          { alg: 'RS256', kid: fixture.key.kid, b64: false, crit: ['b64'] },
          { alg: 'RS256', kid: fixture.key.kid, b64: false },
          { alg: 'RS256', kid: fixture.key.kid, b64: true },
        ]) {
          const error = await rejectsWith(verifier.verify(await fixture.mintRaw(JSON.stringify(header), payload)), 'ERR_TOKEN_MALFORMED')
          assert(/crit|b64/.test(error.message), `the message names the offending parameter: ${error.message}`)
        }
      },
    },
  ],
}
