import { exportJWK, exportSPKI } from 'jose'
import { type ConformanceGroup, assert, assertEqual, base64url, expectSession, rejectsWith } from '../harness.js'

const encoder = new TextEncoder()

async function hmacToken(header: object, payload: object, secret: Uint8Array<ArrayBuffer>): Promise<string> {
  const signingInput = `${base64url(encoder.encode(JSON.stringify(header)))}.${base64url(encoder.encode(JSON.stringify(payload)))}`
  const key = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(signingInput)))
  return `${signingInput}.${base64url(signature)}`
}

/** Catalogue §4 B: header and algorithm. The allow-list is checked before any key lookup. */
export const header: ConformanceGroup = {
  name: 'B. Header and algorithm',
  cases: [
    {
      id: 'B1',
      title: 'rejects alg "none" in any spelling, with or without a signature, before any JWKS fetch',
      async run(fixture) {
        const hanko = fixture.hanko()
        const verifier = hanko.verifier()
        const payload = base64url(encoder.encode(JSON.stringify(fixture.claims())))
        for (const alg of ['none', 'NONE', 'None', 'nOnE']) {
          const head = base64url(encoder.encode(JSON.stringify({ alg, kid: fixture.key.kid })))
          await rejectsWith(verifier.verify(`${head}.${payload}.`), 'ERR_TOKEN_MALFORMED')
          await rejectsWith(verifier.verify(`${head}.${payload}.AAAA`), 'ERR_ALG_NOT_ALLOWED')
        }
        assertEqual(hanko.jwksRequests(), 0, 'JWKS requests')
      },
    },
    {
      id: 'B2',
      title: 'rejects HS256 tokens signed with the RSA public key in every encoding (alg confusion)',
      async run(fixture) {
        const hanko = fixture.hanko()
        const verifier = hanko.verifier()
        const claims = fixture.claims()
        const head = { alg: 'HS256', kid: fixture.key.kid, typ: 'JWT' }
        const spki = await exportSPKI(await crypto.subtle.importKey('jwk', fixture.key.jwk as JsonWebKey, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']))
        const jwkJson = JSON.stringify(await exportJWK(await crypto.subtle.importKey('jwk', fixture.key.jwk as JsonWebKey, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify'])))
        const secrets = [spki, `\n${spki}`, `junk${spki}`, spki.replace(/PUBLIC KEY/g, 'RSA PUBLIC KEY'), jwkJson, JSON.stringify({ keys: [fixture.key.jwk] }), '']
        for (const secret of secrets) {
          // Some runtimes refuse a zero-length HMAC key outright; the forgery then cannot even be made.
          const token = await hmacToken(head, claims, encoder.encode(secret)).catch(() => undefined)
          if (token !== undefined) await rejectsWith(verifier.verify(token), 'ERR_ALG_NOT_ALLOWED')
        }
        for (const alg of ['HS384', 'HS512']) {
          await rejectsWith(verifier.verify(await hmacToken({ ...head, alg }, claims, encoder.encode(spki))), 'ERR_ALG_NOT_ALLOWED')
        }
        assertEqual(hanko.jwksRequests(), 0, 'JWKS requests')
      },
    },
    {
      id: 'B3',
      title: 'rejects allowed-looking algorithms (PS256, RS384, ES256, EdDSA) when only RS256 is allowed',
      async run(fixture) {
        const hanko = fixture.hanko()
        const verifier = hanko.verifier()
        for (const alg of ['PS256', 'RS384', 'RS512', 'ES256', 'EdDSA', 'rs256']) {
          await rejectsWith(verifier.verify(await fixture.mintRaw(JSON.stringify({ alg, kid: fixture.key.kid }), JSON.stringify(fixture.claims()))), 'ERR_ALG_NOT_ALLOWED')
        }
        assertEqual(hanko.jwksRequests(), 0, 'JWKS requests')
      },
    },
    {
      id: 'B4',
      title: "rejects a token whose alg differs from the JWK's alg, even when both are allowed",
      async run(fixture) {
        const verifier = fixture.hanko().verifier({ algorithms: ['RS256', 'PS256'] })
        // Same RSA key, PSS signature: the key is published for RS256 only.
        const head = base64url(encoder.encode(JSON.stringify({ alg: 'PS256', kid: fixture.key.kid, typ: 'JWT' })))
        const payload = base64url(encoder.encode(JSON.stringify(fixture.claims())))
        const pss = await crypto.subtle.importKey(
          'jwk',
          { ...(await exportJWK(fixture.key.privateKey)), alg: 'PS256' },
          { name: 'RSA-PSS', hash: 'SHA-256' },
          false,
          ['sign'],
        )
        const signature = new Uint8Array(await crypto.subtle.sign({ name: 'RSA-PSS', saltLength: 32 }, pss, encoder.encode(`${head}.${payload}`)))
        await rejectsWith(verifier.verify(`${head}.${payload}.${base64url(signature)}`), 'ERR_NO_MATCHING_KEY')
      },
    },
    {
      id: 'B5',
      title: 'rejects a missing or non-string alg',
      async run(fixture) {
        const verifier = fixture.hanko().verifier()
        const payload = JSON.stringify(fixture.claims())
        for (const head of [{ kid: fixture.key.kid }, { alg: 256, kid: fixture.key.kid }, { alg: ['RS256'], kid: fixture.key.kid }, { alg: null, kid: fixture.key.kid }]) {
          await rejectsWith(verifier.verify(await fixture.mintRaw(JSON.stringify(head), payload)), 'ERR_ALG_NOT_ALLOWED')
        }
      },
    },
    {
      id: 'B6',
      title: 'rejects any crit header: unknown extensions, registered names, empty or duplicated lists',
      async run(fixture) {
        const hanko = fixture.hanko()
        const verifier = hanko.verifier()
        for (const crit of [['x-unknown'], ['exp'], ['alg'], [], ['b64', 'b64'], 'exp']) {
          const head = { alg: 'RS256', kid: fixture.key.kid, typ: 'JWT', crit, 'x-unknown': 1, exp: 1 }
          const token = await fixture.mintRaw(JSON.stringify(head), JSON.stringify(fixture.claims()))
          await rejectsWith(verifier.verify(token), 'ERR_TOKEN_MALFORMED')
        }
        assertEqual(hanko.jwksRequests(), 0, 'JWKS requests')
      },
    },
    {
      id: 'B7',
      title: 'ignores jku and x5u: no request ever goes to them, and keys come only from the pinned JWKS',
      async run(fixture) {
        const hanko = fixture.hanko()
        const verifier = hanko.verifier()
        const attackerJwks = 'https://attacker.example/jwks.json'
        const legit = await fixture.mint({ header: { jku: attackerJwks, x5u: 'https://attacker.example/cert.pem' } })
        expectSession(await verifier.verify(legit), fixture)
        const forged = await fixture.mint({ header: { jku: attackerJwks, kid: 'attacker-key' }, key: { ...fixture.attackerKey, kid: 'attacker-key' } })
        await rejectsWith(verifier.verify(forged), 'ERR_NO_MATCHING_KEY')
        assert(hanko.requests.every((request) => request === 'GET /.well-known/jwks.json'), `only the JWKS was fetched: ${hanko.requests.join(', ')}`)
      },
    },
    {
      id: 'B8',
      title: "ignores an embedded jwk or x5c carrying the attacker's key",
      async run(fixture) {
        const verifier = fixture.hanko().verifier()
        const attackerJwk = fixture.attackerKey.jwk
        const sameKid = await fixture.mint({ header: { jwk: attackerJwk }, key: fixture.attackerKey })
        await rejectsWith(verifier.verify(sameKid), 'ERR_SIGNATURE_INVALID')
        const ownKid = await fixture.mint({
          header: { jwk: { ...attackerJwk, kid: 'embedded' }, x5c: ['MIIB'], kid: 'embedded' },
          key: { ...fixture.attackerKey, kid: 'embedded' },
        })
        await rejectsWith(verifier.verify(ownKid), 'ERR_NO_MATCHING_KEY')
      },
    },
    {
      id: 'B9',
      title: 'rejects a token without kid (Hanko always sets one)',
      async run(fixture) {
        const hanko = fixture.hanko()
        await rejectsWith(hanko.verifier().verify(await fixture.mint({ header: { kid: undefined } })), 'ERR_KID_MISSING')
        assertEqual(hanko.jwksRequests(), 0, 'JWKS requests')
      },
    },
    {
      id: 'B10',
      title: 'rejects a kid that is not a string',
      async run(fixture) {
        const verifier = fixture.hanko().verifier()
        for (const kid of [1, { id: 'key-1' }, ['key-1'], null, true]) {
          await rejectsWith(verifier.verify(await fixture.mint({ header: { kid } })), 'ERR_TOKEN_MALFORMED')
        }
      },
    },
    {
      id: 'B11',
      title: 'treats hostile kids as plain unknown names, and never echoes them raw',
      async run(fixture) {
        const hanko = fixture.hanko()
        const verifier = hanko.verifier()
        for (const kid of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '../../etc/passwd', "' OR 1=1 --", '%00', '{{7*7}}']) {
          const error = await rejectsWith(verifier.verify(await fixture.mint({ header: { kid } })), 'ERR_NO_MATCHING_KEY')
          assert(error.message.includes(JSON.stringify(kid)), `the kid appears JSON-quoted: ${error.message}`)
        }
        for (const kid of ['x'.repeat(257), 'line\nbreak', 'nul\u0000byte', 'bell\u0007', 'ünïcode', '']) {
          const error = await rejectsWith(verifier.verify(await fixture.mint({ header: { kid } })), 'ERR_TOKEN_MALFORMED')
          assert(!error.message.includes('\n') && !error.message.includes('\u0000') && error.message.length < 400, 'the kid is escaped and cut in messages')
        }
        assert(hanko.requests.every((request) => request === 'GET /.well-known/jwks.json'), 'kids never reach a URL')
      },
    },
    {
      id: 'B12',
      title: 'rejects tokens that are not Hanko session JWTs: other typ, nested cty, no session_id',
      async run(fixture) {
        const verifier = fixture.hanko().verifier()
        for (const typ of ['at+jwt', 'JWE', 'dpop+jwt', 42]) {
          await rejectsWith(verifier.verify(await fixture.mint({ header: { typ } })), 'ERR_TOKEN_MALFORMED')
        }
        await rejectsWith(verifier.verify(await fixture.mint({ header: { cty: 'JWT' } })), 'ERR_TOKEN_MALFORMED')
        await rejectsWith(verifier.verify(await fixture.mint({ claims: fixture.claims({ session_id: undefined }) })), 'ERR_CLAIM_INVALID', 'session_id')
        for (const typ of ['JWT', 'jwt', 'application/jwt', undefined]) {
          expectSession(await verifier.verify(await fixture.mint({ header: { typ } })), fixture)
        }
      },
    },
  ],
}
