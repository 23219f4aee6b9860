// The unique-token workload, runtime-neutral (Web APIs and jose only): bundled for Bun, Deno, workerd
// and edge-runtime, where @hanko-session/core runs its WebCrypto backend. Both contenders verify the
// same freshly minted RS256 Hanko-shaped tokens, each once, 32 in flight.
import { createSessionVerifier } from '@hanko-session/core'
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify } from 'jose'

const AUDIENCE = 'localhost'
const CONCURRENCY = 32
let state

/** Mints `count` tokens with a new RSA-2048 key, inside the runtime (so nothing crosses a boundary). */
export async function prepare(count) {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true })
  const jwk = { ...(await exportJWK(publicKey)), kid: crypto.randomUUID(), alg: 'RS256', use: 'sig' }
  const iat = Math.floor(Date.now() / 1000)
  const tokens = []
  for (let index = 0; index < count; index++) {
    tokens.push(
      await new SignJWT({ session_id: crypto.randomUUID(), email: { address: 'alice@example.com', is_primary: true, is_verified: true }, amr: ['otp'] })
        .setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: 'JWT' })
        .setSubject(crypto.randomUUID())
        .setIssuedAt(iat)
        .setExpirationTime(iat + 43_200)
        .setAudience([AUDIENCE])
        .sign(privateKey),
    )
  }
  state = { jwk, tokens, joseKey: await importJWK(jwk, 'RS256') }
}

/** A fresh instance of `contender` with its key imported and used once (warm, as in the Node scenarios). */
async function warmVerifier(contender) {
  const { jwk, tokens, joseKey } = state
  let verify
  if (contender === 'ours') {
    const verifier = createSessionVerifier({ jwks: { keys: [jwk] }, audience: AUDIENCE })
    verify = (token) => verifier.verify(token)
  } else {
    const options = { algorithms: ['RS256'], audience: AUDIENCE }
    verify = (token) => jwtVerify(token, joseKey, options)
  }
  await verify(tokens[0])
  return verify
}

/** Verifies every token once; returns how many. */
async function verifyAll(verify) {
  const { tokens } = state
  for (let index = 1; index < tokens.length; index += CONCURRENCY) {
    await Promise.all(tokens.slice(index, index + CONCURRENCY).map(verify))
  }
  return tokens.length - 1
}

/** One round of `contender` on a fresh, warm instance; for hosts that time rounds from outside. */
export async function round(contender) {
  return verifyAll(await warmVerifier(contender))
}

/** The order of contenders in round `index`: alternating, so neither always pays the other's garbage. */
function order(index) {
  return index % 2 === 0 ? ['ours', 'jose'] : ['jose', 'ours']
}

/** Interleaved rounds timed inside the runtime: `{ ours: [ops/s…], jose: [ops/s…] }`. */
export async function measure({ count, warmup, rounds }) {
  await prepare(count)
  const results = { ours: [], jose: [] }
  for (let index = 0; index < warmup + rounds; index++) {
    for (const contender of order(index)) {
      const verify = await warmVerifier(contender)
      const started = performance.now()
      const verified = await verifyAll(verify)
      if (index >= warmup) results[contender].push(verified / ((performance.now() - started) / 1000))
    }
  }
  return results
}
