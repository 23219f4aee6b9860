import { type ConformanceGroup, NOW_SECONDS, base64url, base64urlDecode, rejectsWith, withSegment } from '../harness.js'

const encode = (value: unknown): string => base64url(new TextEncoder().encode(JSON.stringify(value)))

/** Catalogue §4 C1–C4: signatures. C5–C7 (weak keys, ECDSA special cases, RFC 7520) run in the vectors group. */
export const signature: ConformanceGroup = {
  name: 'C. Signature and key material',
  cases: [
    {
      id: 'C1',
      title: 'rejects a token whose payload or header was changed after signing',
      async run(fixture) {
        const verifier = fixture.hanko().verifier()
        const token = await fixture.mint()
        const admin = crypto.randomUUID()
        await rejectsWith(verifier.verify(withSegment(token, 1, encode(fixture.claims({ sub: admin })))), 'ERR_SIGNATURE_INVALID')
        await rejectsWith(verifier.verify(withSegment(token, 1, encode(fixture.claims({ exp: NOW_SECONDS + 86_400 * 365 })))), 'ERR_SIGNATURE_INVALID')
        await rejectsWith(verifier.verify(withSegment(token, 0, encode({ alg: 'RS256', kid: fixture.key.kid }))), 'ERR_SIGNATURE_INVALID')
      },
    },
    {
      id: 'C2',
      title: 'rejects flipped, truncated, extended and all-zero signatures',
      async run(fixture) {
        const verifier = fixture.hanko().verifier()
        const token = await fixture.mint()
        const bytes = base64urlDecode(token.split('.')[2]!)
        const flipped = bytes.slice()
        flipped[17]! ^= 0x01
        const lastBit = bytes.slice()
        lastBit[lastBit.length - 1]! ^= 0x80
        for (const signature of [flipped, lastBit, bytes.slice(0, -1), bytes.slice(1), new Uint8Array([...bytes, 0]), new Uint8Array([0, ...bytes]), new Uint8Array(bytes.length), new Uint8Array(1)]) {
          await rejectsWith(verifier.verify(withSegment(token, 2, base64url(signature))), 'ERR_SIGNATURE_INVALID')
        }
      },
    },
    {
      id: 'C2b',
      title: 'decides many different tokens verified at once independently (valid ones pass, tampered ones fail)',
      async run(fixture) {
        const verifier = fixture.hanko().verifier({ tokenCache: false })
        const tokens = await Promise.all(Array.from({ length: 60 }, (_, index) => fixture.mint({ claims: fixture.claims({ jti: `token-${index}` }) })))
        const tampered = tokens.map((token) => withSegment(token, 1, encode(fixture.claims({ jti: 'forged' }))))
        const inputs = tokens.flatMap((token, index) => [token, tampered[index]!])
        const outcomes = await Promise.all(inputs.map((input) => verifier.verify(input).then(() => 'valid', (error: { code: string }) => error.code)))
        outcomes.forEach((outcome, index) => {
          if (outcome !== (index % 2 === 0 ? 'valid' : 'ERR_SIGNATURE_INVALID')) throw new Error(`token ${index} was decided ${outcome}`)
        })
      },
    },
    {
      id: 'C3',
      title: 'checks the signature before the claims: an expired token with a bad signature is a bad signature',
      async run(fixture) {
        const verifier = fixture.hanko().verifier()
        const expired = await fixture.mint({ claims: fixture.claims({ exp: NOW_SECONDS - 3600, aud: ['elsewhere'] }) })
        const signature = base64urlDecode(expired.split('.')[2]!)
        signature[0]! ^= 0xff
        await rejectsWith(verifier.verify(withSegment(expired, 2, base64url(signature))), 'ERR_SIGNATURE_INVALID')
        await rejectsWith(verifier.verify(expired), 'ERR_TOKEN_EXPIRED')
      },
    },
    {
      id: 'C4',
      title: "rejects a valid signature by another key that claims the published key's kid",
      async run(fixture) {
        const verifier = fixture.hanko().verifier()
        await rejectsWith(verifier.verify(await fixture.mint({ key: fixture.attackerKey })), 'ERR_SIGNATURE_INVALID')
      },
    },
  ],
}
