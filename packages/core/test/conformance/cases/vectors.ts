/**
 * External test vectors: Wycheproof's JWS and JWK suites (C2SP/wycheproof, Apache-2.0) and RFC 7520 §4.1
 * (ietf-jose/cookbook, public domain), copied with their LICENSE and SOURCE into test/fixtures/. They
 * exercise the JWS layer (grammar, header, key policy, key selection and signature), not the JWT claims:
 * their payloads are not Hanko sessions.
 */
import { backend } from '#crypto'
import { createSessionVerifier } from '@hanko-session/core'
import wycheproofJwk from '../../fixtures/wycheproof/json_web_key_test.json' with { type: 'json' }
import wycheproofJws from '../../fixtures/wycheproof/json_web_signature_test.json' with { type: 'json' }
import rfc7520Signature from '../../fixtures/rfc7520/4_1.rsa_v15_signature.json' with { type: 'json' }
// The JWS layer is internal, so it comes from source; on other runtimes the suite is bundled with it.
import { isSessionError as isInternalSessionError } from '../../../src/SessionError.js'
import { ASYMMETRIC_ALGORITHMS } from '../../../src/lib/algorithms.js'
import { parseCompactJws } from '../../../src/lib/compactToken.js'
import { JwksCache } from '../../../src/lib/jwksCache.js'
import type { JsonValue } from '../../../src/lib/strictJson.js'
import { verifyTokenSignature } from '../../../src/lib/verifyTokenSignature.js'
import { AUDIENCE, AssertionError, type ConformanceGroup, assert, assertEqual, throwsWith } from '../harness.js'

interface WycheproofTest {
  tcId: number
  comment: string
  jws: string
  result: 'valid' | 'invalid' | 'acceptable'
}
interface WycheproofGroup {
  comment?: string
  public?: Record<string, unknown>
  tests: WycheproofTest[]
}

/**
 * Where we deliberately decide differently from Wycheproof: each rule names the cases it covers and
 * why. Every listed case must really differ (so the list cannot go stale) and nothing else may.
 */
const DIFFERENCES: readonly { readonly reason: string; readonly applies: (test: WycheproofTest, header: Record<string, unknown>) => boolean }[] = [
  {
    reason: 'HMAC (HS*) is never accepted: Hanko publishes public keys only, so a symmetric token is a forgery',
    applies: (test, header) => test.result === 'valid' && typeof header['alg'] === 'string' && header['alg'].startsWith('HS'),
  },
  {
    reason: 'an empty payload segment fails our grammar: a session JWT always has a payload',
    applies: (test) => test.result === 'valid' && test.jws.split('.')[1] === '',
  },
  {
    reason: 'RFC 7520 Figure 27 publishes its key with alg "ES521", which is not a JWS algorithm: keys with an unknown alg are refused',
    applies: (test, header) => test.result === 'valid' && test.comment === 'Figure27' && header['alg'] === 'ES512',
  },
  {
    reason: "RFC 7520 Figure 20 is PS384 but its key says alg PS256: a key's alg must equal the token's (catalogue B4)",
    applies: (test, header) => test.result === 'valid' && test.comment === 'Figure20' && header['alg'] === 'PS384',
  },
]

/** What our JWS layer decides for `token` with `keys` as the JWKS, every asymmetric algorithm allowed. */
async function verdict(token: string, keys: JsonValue): Promise<{ accepted: boolean; code?: string }> {
  try {
    const parsed = parseCompactJws(token, { maxTokenLength: 65_536, algorithms: new Set(ASYMMETRIC_ALGORITHMS) }, backend)
    const cache = new JwksCache({
      source: { document: keys },
      algorithms: ASYMMETRIC_ALGORITHMS,
      fetch: () => Promise.reject(new AssertionError('vectors never fetch')),
      now: () => 0,
    })
    await verifyTokenSignature(parsed, cache, backend)
    return { accepted: true }
  } catch (error) {
    if (isInternalSessionError(error)) return { accepted: false, code: error.code }
    throw error
  }
}

function headerOf(token: string): Record<string, unknown> {
  try {
    // Lenient on purpose: this only finds the alg for the allow-list, also in deliberately broken headers.
    const segment = token.split('.')[0]!.replace(/[^A-Za-z0-9_-]/g, '').replace(/-/g, '+').replace(/_/g, '/')
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(segment), (c) => c.charCodeAt(0)))) as Record<string, unknown>
  } catch {
    return {}
  }
}

async function runWycheproof(file: { testGroups: WycheproofGroup[] }): Promise<void> {
  const mismatches: string[] = []
  let compared = 0
  for (const group of file.testGroups) {
    const keys = (group.public === undefined ? { keys: [] } : 'keys' in group.public ? group.public : { keys: [group.public] }) as JsonValue
    for (const test of group.tests) {
      const header = headerOf(test.jws)
      const expectedDifference = DIFFERENCES.find((difference) => difference.applies(test, header))
      const { accepted, code } = await verdict(test.jws, keys)
      compared++
      if (test.result === 'acceptable') continue
      const agrees = accepted === (test.result === 'valid')
      if (expectedDifference !== undefined ? agrees : !agrees) {
        mismatches.push(
          `tcId ${test.tcId} (${group.comment ?? ''} ${test.comment}): Wycheproof says ${test.result}, we ${accepted ? 'accept' : `reject (${code})`}` +
            (expectedDifference ? ` but the allow-list expects a difference: ${expectedDifference.reason}` : ''),
        )
      }
    }
  }
  assert(compared > 0, 'vectors were compared')
  if (mismatches.length > 0) throw new AssertionError(`${mismatches.length} Wycheproof disagreements:\n${mismatches.join('\n')}`)
}

const strip = (jwk: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(jwk).filter(([member]) => !['d', 'p', 'q', 'dp', 'dq', 'qi'].includes(member)))

/** Wycheproof's JWK suite keys, by test comment, for the weak-key cases (C5). */
function wycheproofKey(comment: string): Record<string, unknown> {
  const group = (wycheproofJwk.testGroups as WycheproofGroup[]).find((candidate) => candidate.tests.some((test) => test.comment === comment))
  const jwks = group?.public as { keys: Record<string, unknown>[] } | undefined
  assert(jwks?.keys[0] !== undefined, `Wycheproof has a key for ${comment}`)
  return jwks.keys[0]
}

export const vectors: ConformanceGroup = {
  name: 'External vectors: Wycheproof and RFC 7520',
  cases: [
    {
      id: 'WYCHEPROOF-JWS',
      title: 'decides all 401 Wycheproof JWS vectors as Wycheproof does, but for the documented differences',
      run: () => runWycheproof(wycheproofJws as { testGroups: WycheproofGroup[] }),
    },
    {
      id: 'WYCHEPROOF-JWK',
      title: 'decides all 26 Wycheproof JWK vectors (mixed, duplicate, weak, wrong-type keys) as Wycheproof does',
      run: () => runWycheproof(wycheproofJwk as { testGroups: WycheproofGroup[] }),
    },
    {
      id: 'C5',
      title: 'refuses weak RSA keys: 1024-bit, public exponent 1, and ROCA-vulnerable moduli',
      async run(fixture) {
        for (const comment of ['rejects1024bitRsaKey', 'rejectsPublicExponent1', 'rejectsKeyWithRocaVulnerability']) {
          const weak = { ...wycheproofKey(comment), kid: fixture.key.kid }
          const { code } = await verdict(await fixture.mint(), { keys: [weak] })
          assertEqual(code, 'ERR_NO_MATCHING_KEY', `${comment}: code`)
          throwsWith(() => createSessionVerifier({ jwks: { keys: [weak] }, audience: AUDIENCE }), 'ERR_INVALID_OPTIONS', `${comment} as static jwks`)
        }
      },
    },
    {
      id: 'C6',
      title: 'rejects ECDSA special cases (DER signatures, r or s zero or out of range) when ES256 is allowed',
      async run() {
        const group = (wycheproofJws.testGroups as WycheproofGroup[]).find((candidate) => candidate.comment === 'SpecialCaseEs256')
        assert(group?.public !== undefined, 'the SpecialCaseEs256 group exists')
        for (const test of group.tests) {
          const { accepted } = await verdict(test.jws, { keys: [group.public] } as JsonValue)
          assertEqual(accepted, test.result === 'valid', `tcId ${test.tcId} ${test.comment}`)
        }
      },
    },
    {
      id: 'C7',
      title: "verifies RFC 7520 §4.1 (RS256 over the RFC's payload with the RFC's key)",
      async run() {
        const { input, output } = rfc7520Signature as { input: { key: Record<string, unknown> }; output: { compact: string } }
        const result = await verdict(output.compact, { keys: [strip(input.key)] } as JsonValue)
        assertEqual(result, { accepted: true }, 'RFC 7520 §4.1')
      },
    },
  ],
}
