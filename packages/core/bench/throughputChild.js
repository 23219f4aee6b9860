// One contender in its own process (pinned to one CPU by run.js), driven round by round over IPC so that
// run.js can interleave contenders: `{ scenario, timeBoxMs }` in, `{ opsPerSec, ops }` out.
//   node --expose-gc bench/throughputChild.js <contender> <bits> [concurrency]
import { CONTENDERS } from './contenders.js'
import { loadKeys, loadTokens } from './fixtures.js'
import { startJwksServer } from './jwksServer.js'

const [name, bitsArgument, concurrencyArgument] = process.argv.slice(2)
const bits = Number(bitsArgument)
/** Verifications in flight at once, like a busy server; async contenders overlap within a batch. */
const CONCURRENCY = Number(concurrencyArgument ?? 32)
const SESSIONS = 1_000
/** Unique-token pool: enough for one round of the fastest contender. */
const POOL = { 2048: 40_000, 4096: 6_000 }[bits]

const key = loadKeys()[bits]
const tokens = loadTokens(bits, POOL)
const sessions = tokens.slice(1, SESSIONS + 1)
const server = await startJwksServer()
server.publish('/jwks.json', [key.publicJwk])
const create = await CONTENDERS[name].setup({ jwksUrl: server.url('/jwks.json'), publicJwk: key.publicJwk })

async function round({ scenario, timeBoxMs }) {
  // No forced GC between rounds (BENCH_GC=1 adds one): a forced full GC resets V8's young-generation
  // sizing, so the next round pays extra scavenges that a long-running server never sees; that taxes
  // contenders by how much they allocate rather than by their steady-state cost.
  if (process.env.BENCH_GC !== undefined) globalThis.gc?.()
  const verify = await create()
  // Warm keys: the JWKS is fetched and the key imported before the clock starts (token 0 is never timed).
  await verify(tokens[0])
  let source
  let limit
  if (scenario === 'unique') {
    source = tokens.slice(1)
    limit = source.length
  } else {
    source = sessions
    limit = Infinity
    // Steady state of live sessions: the verified-token cache admits a token on its second verification.
    if (CONTENDERS[name].caches) for (let pass = 0; pass < 2; pass++) for (const token of sessions) await verify(token)
  }
  const started = performance.now()
  const deadline = started + timeBoxMs
  let ops = 0
  const batch = new Array(CONCURRENCY)
  while (ops < limit) {
    const end = Math.min(ops + CONCURRENCY, limit)
    let filled = 0
    for (; ops < end; ops++) batch[filled++] = verify(source[ops % source.length])
    batch.length = filled
    await Promise.all(batch)
    if (performance.now() >= deadline) break
  }
  const seconds = (performance.now() - started) / 1000
  return { opsPerSec: ops / seconds, ops, exhausted: ops >= limit }
}

process.on('message', (message) => {
  if (message.type === 'stop') {
    void server.close().then(() => process.exit(0))
    return
  }
  round(message).then(
    (result) => process.send({ type: 'result', ...result }),
    (error) => process.send({ type: 'error', message: `${error?.code ?? ''} ${error?.message ?? error}`.trim() }),
  )
})
process.send({ type: 'ready', backend: create.backend ?? null, pool: tokens.length })
