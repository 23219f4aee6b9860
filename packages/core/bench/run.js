// The benchmark of @hanko-session/core (issue #2 §6), on the BUILT package: run `pnpm bench`, which
// builds first. Prints one table and PASS/FAIL per target; exits 0 unless --strict is given and a
// target missed. Options: --quick (fewer, shorter rounds), --fresh (mint new keys and tokens),
// --cpu N (the CPU every measuring process is pinned to; default the last one), --strict,
// --jwks-only (the JWKS scenarios alone, about 30 s).
import { execFileSync, fork, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { ensureFixtures, loadKeys, loadTokens } from './fixtures.js'
import { startJwksServer } from './jwksServer.js'
import { coldStart, keyRotation, kidChurnFlood, staleKeysWhileHanging, unknownKidFlood } from './jwksScenarios.js'
import { measureOtherRuntimes } from './otherRuntimes.js'
import { median, printJwksReport, printReport } from './report.js'

const argv = process.argv.slice(2)
const flag = (name) => argv.includes(name)
const option = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined)
const quick = flag('--quick')
const strict = flag('--strict')
const jwksOnly = flag('--jwks-only')
const cpu = Number(option('--cpu') ?? availableParallelism() - 1)

/** Warm-up rounds (discarded: the JIT and the young generation need ~1 s to settle), measured rounds, ms per round. */
const PLAN = quick
  ? { 2048: { warmup: 2, rounds: 3, timeBoxMs: 150 }, 4096: { warmup: 2, rounds: 3, timeBoxMs: 150 } }
  : { 2048: { warmup: 4, rounds: 9, timeBoxMs: 250 }, 4096: { warmup: 3, rounds: 7, timeBoxMs: 250 } }
const SCENARIOS = ['unique', 'repeated']
/** Each run is one process. `oursWeb` is the same package resolved with the browser condition (WebCrypto backend). */
const RUNS = [
  { id: 'raw', contender: 'raw' },
  { id: 'ours', contender: 'ours', expectBackend: 'node' },
  { id: 'oursWeb', contender: 'ours', conditions: ['--conditions=browser'], expectBackend: 'web' },
  { id: 'jose', contender: 'jose' },
  { id: 'aws', contender: 'aws' },
  { id: 'awsSync', contender: 'awsSync' },
  { id: 'jsonwebtoken', contender: 'jsonwebtoken' },
]

const here = (file) => fileURLToPath(new URL(file, import.meta.url))
const log = (line) => process.stderr.write(`${line}\n`)
const started = performance.now()

function canPin() {
  try {
    execFileSync('taskset', ['-c', String(cpu), 'true'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
const pinned = canPin()

/** Starts a node process (pinned to `cpu` when taskset works) with an IPC channel. */
function startNode(script, args, execArgv) {
  const nodeArgs = [...execArgv, here(script), ...args]
  if (!pinned) return fork(here(script), args, { execArgv })
  return spawn('taskset', ['-c', String(cpu), process.execPath, ...nodeArgs], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
}

function nextMessage(child) {
  return new Promise((resolve, reject) => {
    const onExit = (code) => reject(new Error(`child exited with ${code} before answering`))
    child.once('exit', onExit)
    child.once('message', (message) => {
      child.off('exit', onExit)
      resolve(message)
    })
  })
}

async function measureThroughput(bits) {
  const { warmup, rounds, timeBoxMs } = PLAN[bits]
  const children = new Map()
  const backends = {}
  for (const run of RUNS) {
    const child = startNode('throughputChild.js', [run.contender, String(bits)], ['--expose-gc', ...(run.conditions ?? [])])
    const ready = await nextMessage(child)
    if (run.expectBackend !== undefined && ready.backend !== run.expectBackend) {
      throw new Error(`${run.id}: expected the ${run.expectBackend} backend, got ${ready.backend}`)
    }
    backends[run.id] = ready.backend
    children.set(run.id, child)
  }
  const results = {}
  for (const scenario of SCENARIOS) {
    results[scenario] = Object.fromEntries(RUNS.map((run) => [run.id, []]))
    for (let round = 0; round < warmup + rounds; round++) {
      // Interleaved, in a rotating order, so that noise from the rest of the machine hits everyone alike.
      for (let index = 0; index < RUNS.length; index++) {
        const run = RUNS[(index + round) % RUNS.length]
        const child = children.get(run.id)
        child.send({ scenario, timeBoxMs })
        const message = await nextMessage(child)
        if (message.type === 'error') throw new Error(`${run.id} (${scenario}, RSA-${bits}) failed: ${message.message}`)
        if (round >= warmup) results[scenario][run.id].push(message.opsPerSec)
      }
    }
    log(`  RSA-${bits} ${scenario}: ${RUNS.map((run) => `${run.id} ${Math.round(median(results[scenario][run.id]))}`).join(', ')}`)
  }
  for (const child of children.values()) child.send({ type: 'stop' })
  return { results, backends }
}

async function measureMemory() {
  const child = startNode('memoryChild.js', [], ['--expose-gc'])
  return nextMessage(child)
}

async function measureJwks() {
  const server = await startJwksServer()
  try {
    const key = loadKeys()[2048]
    const tokens = loadTokens(2048, 1_010)
    const cold = await coldStart({ server, key, tokens: tokens.slice(1, 1_001) })
    const flood = await unknownKidFlood({ server, key, validToken: tokens[1_001], path: '/flood-30s.json' })
    const sustained = await unknownKidFlood({
      server,
      key,
      validToken: tokens[1_002],
      tokens: 100_000,
      durationMs: 300_000,
      path: '/flood-5min.json',
    })
    const churn = await kidChurnFlood({ server, key, validToken: tokens[1_004], path: '/churn-30s.json' })
    const rotation = await keyRotation({ server, key, oldToken: tokens[1_003] })
    log('  verification latency with stale keys and a hanging JWKS endpoint (about 12 s)…')
    const stale = await staleKeysWhileHanging({ server, key, tokens: tokens.slice(0, 1_000), path: '/hanging.json' })
    return { cold, flood, sustained, churn, rotation, stale }
  } finally {
    await server.close()
  }
}

if (!existsSync(here('../dist/index.js'))) {
  log('dist/ is missing: build first (`pnpm --filter @hanko-session/core build`, or run `pnpm bench`, which builds).')
  process.exit(1)
}
if (jwksOnly) {
  log('@hanko-session/core benchmark, JWKS scenarios only')
  await ensureFixtures({ fresh: flag('--fresh'), log: (line) => log(`  ${line}`) })
  const jwks = await measureJwks()
  const environment = { node: process.version, cpu: cpus()[0]?.model.trim() ?? 'unknown' }
  const { passed } = printJwksReport({ environment, jwks, elapsedMs: () => performance.now() - started })
  process.exit(strict && !passed ? 1 : 0)
}
const loadAtStart = loadavg()[0]
log(`@hanko-session/core benchmark${quick ? ' (--quick)' : ''}`)
const fixtures = await ensureFixtures({ fresh: flag('--fresh'), log: (line) => log(`  ${line}`) })
const throughput = {}
for (const bits of [2048, 4096]) {
  log(`throughput, RSA-${bits} (${PLAN[bits].warmup} warm-up + ${PLAN[bits].rounds} measured rounds of ${PLAN[bits].timeBoxMs} ms per contender)…`)
  throughput[bits] = await measureThroughput(bits)
}
log('memory, 100k distinct tokens…')
const memory = await measureMemory()
log('JWKS request counts…')
const jwks = await measureJwks()
log('unique tokens on Bun, Deno, workerd and edge-runtime against jose there…')
const runtimes = await measureOtherRuntimes({ quick, cpu, pinned, log })

const environment = {
  node: process.version,
  cpu: cpus()[0]?.model.trim() ?? 'unknown',
  cores: availableParallelism(),
  pinned: pinned ? `pinned to CPU ${cpu} (taskset)` : 'not pinned (no taskset)',
  plan: PLAN,
  load: [loadAtStart, loadavg()[0]],
  mintedIn: fixtures.mintedIn,
}
const { passed } = printReport({ environment, throughput, memory, jwks, runtimes, elapsedMs: () => performance.now() - started })
process.exitCode = strict && !passed ? 1 : 0
