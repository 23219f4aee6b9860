// Peak memory while one verifier (default options: a 10,000-entry token cache) verifies 100k distinct
// tokens, each twice.  node --expose-gc bench/memoryChild.js
import { createRequire, syncBuiltinESMExports } from 'node:module'
import { loadKeys, loadTokens } from './fixtures.js'
import { startJwksServer } from './jwksServer.js'

const require = createRequire(import.meta.url)
const nodeCrypto = require('node:crypto')
const COUNT = 100_000
const CONCURRENCY = 32
const SAMPLE_EVERY = 1_000

/** A private copy, as a server gets from each request: the cache then holds the only reference to it. */
const fresh = (token) => Buffer.from(token, 'latin1').toString('latin1')
const gc = () => {
  globalThis.gc()
  globalThis.gc()
}
const snapshot = () => {
  const { rss, heapUsed } = process.memoryUsage()
  return { rss, heapUsed }
}

// Counting signature checks (node:crypto `verify`, which the node backend calls once per cache miss)
// shows how many tokens the verified-token cache holds, without reaching into the package.
let signatureChecks = 0
const originalVerify = nodeCrypto.verify
nodeCrypto.verify = (...args) => {
  signatureChecks++
  return originalVerify(...args)
}
syncBuiltinESMExports()

const key = loadKeys()[2048]
const tokens = loadTokens(2048, COUNT + 1)
const server = await startJwksServer()
server.publish('/jwks.json', [key.publicJwk])
const { createSessionVerifier } = await import('@hanko-session/core')
const { backend } = await import('#crypto')

let verifier = createSessionVerifier({ jwksUrl: server.url('/jwks.json'), audience: 'localhost' })
await verifier.verify(tokens[0])
gc()
const before = snapshot()
const peak = { ...before }
const started = performance.now()
for (let index = 1; index <= COUNT; index += CONCURRENCY) {
  const batch = []
  // Each token twice (a session's first two requests): the cache admits tokens on their second use, so
  // this fills and churns it, the worst case for memory.
  for (let offset = 0; offset < CONCURRENCY && index + offset <= COUNT; offset++) {
    batch.push(verifier.verify(fresh(tokens[index + offset])).then(() => verifier.verify(fresh(tokens[index + offset]))))
  }
  await Promise.all(batch)
  if (index % SAMPLE_EVERY < CONCURRENCY) {
    const now = snapshot()
    peak.rss = Math.max(peak.rss, now.rss)
    peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed)
  }
}
const seconds = (performance.now() - started) / 1000
const checksDuringRun = signatureChecks
gc()
const after = snapshot()

// Newest first: a cached token answers without a signature check (and no eviction happens until the
// first miss, which is older than every cached token).
signatureChecks = 0
const probe = 15_000
for (let index = COUNT; index > COUNT - probe; index--) await verifier.verify(tokens[index])
const cachedEntries = probe - signatureChecks

verifier = undefined
gc()
const released = snapshot()
process.send({
  backend: backend.name,
  count: COUNT,
  opsPerSec: COUNT / seconds,
  checksDuringRun,
  before,
  peak,
  after,
  released,
  cachedEntries,
})
await server.close()
