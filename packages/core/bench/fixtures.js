// Keys and pre-minted Hanko-shaped tokens for the benchmark. Minting RS256 tokens costs far more than
// verifying them (RSA signing is ~15× slower), so tokens are minted once, on every core, and kept in
// node_modules/.cache until they come within two hours of expiring.
import { createPrivateKey, generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'

const FORMAT = 1
export const AUDIENCE = 'localhost'
const TOKEN_LIFETIME_S = 12 * 60 * 60 // Hanko's default session lifetime
const MIN_REMAINING_S = 2 * 60 * 60

export const CACHE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.cache', 'hanko-session-bench')

/** Tokens per key size: 2048 covers the 100k-token memory run plus one warm-up token, 4096 one throughput round. */
export const TOKEN_COUNTS = { 2048: 100_001, 4096: 6_000 }

const base64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')

/** Header and payload as Hanko issues them (backend/session/session.go), RS256. */
export function hankoClaims(iat) {
  return {
    aud: [AUDIENCE],
    email: { address: `user-${randomUUID().slice(0, 8)}@example.com`, is_primary: true, is_verified: true },
    exp: iat + TOKEN_LIFETIME_S,
    iat,
    session_id: randomUUID(),
    sub: randomUUID(),
    amr: ['otp'],
  }
}

export function mintToken(privateKey, kid, payload) {
  const signingInput = `${base64url({ alg: 'RS256', kid, typ: 'JWT' })}.${base64url(payload)}`
  return `${signingInput}.${sign('sha256', Buffer.from(signingInput), privateKey).toString('base64url')}`
}

/** A token whose kid no JWKS lists; its signature is random bytes of the right length (it is never checked). */
export function unknownKidToken(iat) {
  const signingInput = `${base64url({ alg: 'RS256', kid: randomUUID(), typ: 'JWT' })}.${base64url(hankoClaims(iat))}`
  return `${signingInput}.${randomBytes(256).toString('base64url')}`
}

export function newKey(bits) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits })
  const kid = randomUUID()
  return {
    kid,
    bits,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' },
  }
}

async function mintMany(key, count) {
  const threads = Math.max(1, availableParallelism())
  const iat = Math.floor(Date.now() / 1000)
  const shares = Array.from({ length: threads }, (_, index) => Math.floor(count / threads) + (index < count % threads ? 1 : 0))
  const parts = await Promise.all(
    shares.map(
      (share) =>
        new Promise((resolve, reject) => {
          const worker = new Worker(fileURLToPath(import.meta.url), {
            workerData: { privatePem: key.privatePem, kid: key.kid, count: share, iat },
          })
          worker.once('message', resolve)
          worker.once('error', reject)
        }),
    ),
  )
  return parts.flat()
}

function tokensFile(bits) {
  return join(CACHE_DIR, `tokens-${bits}.txt`)
}

/** Loads the first `count` tokens of a key size (the cache must exist: see {@link ensureFixtures}). */
export function loadTokens(bits, count = Infinity) {
  const lines = readFileSync(tokensFile(bits), 'latin1').split('\n')
  return count >= lines.length ? lines : lines.slice(0, count)
}

export function loadKeys() {
  return JSON.parse(readFileSync(join(CACHE_DIR, 'keys.json'), 'utf8')).keys
}

/**
 * Makes sure keys and tokens exist and are fresh. Returns the keys by size and whether tokens were minted
 * (with the time it took).
 */
export async function ensureFixtures({ fresh = false, log = () => {} } = {}) {
  if (!fresh) {
    try {
      const meta = JSON.parse(readFileSync(join(CACHE_DIR, 'keys.json'), 'utf8'))
      const remaining = meta.iat + TOKEN_LIFETIME_S - Date.now() / 1000
      if (meta.format === FORMAT && remaining > MIN_REMAINING_S && sameCounts(meta.counts)) {
        return { keys: meta.keys, mintedIn: 0 }
      }
    } catch {
      // No usable cache: mint below.
    }
  }
  const started = performance.now()
  mkdirSync(CACHE_DIR, { recursive: true })
  const keys = {}
  for (const bits of Object.keys(TOKEN_COUNTS)) {
    log(`minting ${TOKEN_COUNTS[bits].toLocaleString('en-US')} RS256 tokens with an RSA-${bits} key…`)
    keys[bits] = newKey(Number(bits))
    writeFileSync(tokensFile(bits), (await mintMany(keys[bits], TOKEN_COUNTS[bits])).join('\n'), 'latin1')
  }
  const meta = { format: FORMAT, iat: Math.floor(Date.now() / 1000), counts: TOKEN_COUNTS, keys }
  writeFileSync(join(CACHE_DIR, 'keys.json'), JSON.stringify(meta))
  return { keys, mintedIn: performance.now() - started }
}

function sameCounts(counts) {
  return Object.entries(TOKEN_COUNTS).every(([bits, count]) => counts?.[bits] === count)
}

if (!isMainThread) {
  const { privatePem, kid, count, iat } = workerData
  const privateKey = createPrivateKey(privatePem)
  const tokens = []
  for (let index = 0; index < count; index++) tokens.push(mintToken(privateKey, kid, hankoClaims(iat)))
  parentPort.postMessage(tokens)
}
