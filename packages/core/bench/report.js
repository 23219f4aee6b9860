// Figures → one table, PASS/FAIL per target, and a shorter markdown table for the package README.
// Ratios are paired: in each measured round every contender ran once, back to back, so "ours ÷ peer"
// is taken per round and the median of those ratios is shown (robust to a noisy, shared machine).

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b)
  const position = (sorted.length - 1) * q
  const low = Math.floor(position)
  return sorted[low] + (sorted[Math.ceil(position)] - sorted[low]) * (position - low)
}

const PEERS = [
  ['raw', 'raw node:crypto'],
  ['jose', 'jose (pre-imported key)'],
  ['aws', 'aws-jwt-verify'],
  ['jsonwebtoken', 'jsonwebtoken + jwks-rsa'],
]
const BACKENDS = [
  ['ours', 'node:crypto backend'],
  ['oursWeb', 'WebCrypto backend'],
]

const ops = (value) => (value >= 100_000 ? `${(value / 1000).toFixed(0)}k` : Math.round(value).toLocaleString('en-US'))
const times = (value) => `${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)}×`
const megabytes = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const seconds = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'never (gave up after 120 s)')

function pairedRatio(ours, peer) {
  return median(ours.map((value, index) => value / peer[index]))
}

function spread(values) {
  const middle = median(values)
  return middle === 0 ? 0 : ((quantile(values, 0.75) - quantile(values, 0.25)) / 2 / middle) * 100
}

export function printReport({ environment, throughput, memory, jwks, runtimes, elapsedMs }) {
  const rows = []
  const targets = []
  const readme = []
  const target = (name, pass, detail) => {
    targets.push({ name, pass, detail })
    return pass ? 'PASS' : 'FAIL'
  }

  const scenarioNames = { unique: '1. Unique tokens', repeated: '2. Repeated tokens (1,000 sessions, round-robin)' }
  for (const scenario of ['unique', 'repeated']) {
    for (const bits of [2048, 4096]) {
      const results = throughput[bits].results[scenario]
      for (const [id, backend] of BACKENDS) {
        const ours = results[id]
        const ratio = Object.fromEntries(PEERS.map(([peer]) => [peer, pairedRatio(ours, results[peer])]))
        let goal = '—'
        let result = 'info'
        if (bits === 2048 && scenario === 'unique' && id === 'ours') {
          goal = '≥ 1.3× aws-jwt-verify (≈ 0.65× raw)'
          result = target(`unique tokens on Node ≥ 1.3× aws-jwt-verify`, ratio.aws >= 1.3, `${times(ratio.aws)} aws-jwt-verify, ${times(ratio.raw)} raw`)
        } else if (bits === 2048 && scenario === 'unique') {
          // On Node users get the node:crypto backend; the WebCrypto target is judged on its own runtimes (5.).
          goal = 'see 5. (judged per runtime)'
        } else if (bits === 2048 && scenario === 'repeated') {
          goal = '≥ 10× jose'
          result = target(`repeated tokens ≥ 10× jose (${backend})`, ratio.jose >= 10, `${times(ratio.jose)} jose`)
        }
        rows.push([
          `${scenarioNames[scenario]}, RSA-${bits}, ${backend}`,
          `${ops(median(ours))} ops/s ±${spread(ours).toFixed(0)}%`,
          ...PEERS.map(([peer]) => `${ops(median(results[peer]))} (${times(ratio[peer])})`),
          goal,
          result,
        ])
        if (bits === 2048 || id === 'ours') {
          readme.push([
            `${scenario === 'unique' ? 'Unique tokens' : 'Repeated tokens (1,000 sessions)'}, RSA-${bits}${id === 'oursWeb' ? ', WebCrypto backend' : ''}`,
            `${ops(median(ours))} ops/s`,
            ...PEERS.map(([peer]) => `${ops(median(results[peer]))} (${times(ratio[peer])})`),
          ])
        }
      }
    }
  }

  const jwksPart = jwksSection(jwks, target)
  rows.push(...jwksPart.rows)
  readme.push(...jwksPart.readme)

  const heapPeak = memory.peak.heapUsed - memory.before.heapUsed
  const cacheBytes = memory.after.heapUsed - memory.released.heapUsed
  const perEntry = memory.cachedEntries > 0 ? cacheBytes / memory.cachedEntries : 0
  rows.push([
    `4. Memory: ${memory.count.toLocaleString('en-US')} distinct tokens, each verified twice, one verifier (default cache)`,
    `RSS ${megabytes(memory.before.rss)} → peak ${megabytes(memory.peak.rss)} → ${megabytes(memory.after.rss)} after GC; ` +
      `heap used ${megabytes(memory.before.heapUsed)} → peak ${megabytes(memory.peak.heapUsed)} (+${megabytes(heapPeak)}) → ${megabytes(memory.after.heapUsed)} after GC; ` +
      `cache ${memory.cachedEntries.toLocaleString('en-US')} entries, ${megabytes(cacheBytes)} (${(perEntry / 1024).toFixed(1)} kB each)`,
    '—', '—', '—', '—',
    'reported; cache bounded',
    target('token cache stays bounded (≤ 10,000 entries) over 100k tokens', memory.cachedEntries <= 10_000, `${memory.cachedEntries} entries`),
  ])
  readme.push([
    'Memory after 100k distinct tokens, each verified twice (10,000-entry token cache)',
    `${megabytes(cacheBytes)} retained, peak RSS ${megabytes(memory.peak.rss)}`,
    '—', '—', '—', '—',
  ])

  for (const entry of runtimes) {
    if (entry.error !== undefined) {
      rows.push([`5. Unique tokens on ${entry.runtime} (${backendOn(entry.runtime)} backend)`, `failed: ${entry.error}`, '—', '—', '—', '—', '≥ 1.0× jose', target(`unique tokens on ${entry.runtime} ≥ 1.0× jose`, false, entry.error)])
      continue
    }
    const ratio = pairedRatio(entry.ours, entry.jose)
    rows.push([
      `5. Unique tokens, RSA-2048, on ${entry.runtime} (${backendOn(entry.runtime)} backend)`,
      `${ops(median(entry.ours))} ops/s ±${spread(entry.ours).toFixed(0)}%`,
      '—',
      `${ops(median(entry.jose))} (${times(ratio)})`,
      '—',
      '—',
      '≥ 1.0× jose (same runtime)',
      target(`unique tokens on ${entry.runtime} ≥ 1.0× jose`, ratio >= 1.0, `${times(ratio)} jose`),
    ])
    readme.push([`Unique tokens, RSA-2048, on ${entry.runtime}`, `${ops(median(entry.ours))} ops/s`, '—', `${ops(median(entry.jose))} (${times(ratio)})`, '—', '—'])
  }

  const out = []
  const print = (line = '') => out.push(line)
  print()
  print(`@hanko-session/core benchmark · Node ${environment.node} · ${environment.cpu} · ${environment.cores} cores, ${environment.pinned}`)
  const planLine = Object.entries(environment.plan)
    .map(([bits, plan]) => `RSA-${bits}: ${plan.warmup} warm-up + ${plan.rounds} measured rounds × ${plan.timeBoxMs} ms`)
    .join('; ')
  const [loadBefore, loadAfter] = environment.load
  print(
    `Load average ${loadBefore.toFixed(2)} at start, ${loadAfter.toFixed(2)} at the end` +
      (Math.max(loadBefore, loadAfter) > 0.5 ? ' (other work was running: expect noise; the paired ratios absorb most of it).' : '.'),
  )
  print(`RS256 Hanko-shaped tokens, warm keys, 32 verifications in flight, one process per contender, rounds interleaved. ${planLine}.`)
  print('Cells: median ops/s (± half the interquartile range) and, for peers, "ours ÷ peer" as the median of per-round ratios.')
  print()
  printTable(print, ['Scenario', '@hanko-session/core', ...PEERS.map(([, label]) => label), 'Target', 'Result'], rows)
  print()
  for (const bits of [2048, 4096]) {
    for (const scenario of ['unique', 'repeated']) {
      const results = throughput[bits].results[scenario]
      print(
        `aws-jwt-verify verifySync, ${scenario}, RSA-${bits}: ${ops(median(results.awsSync))} ops/s ` +
          `(node:crypto backend ${times(pairedRatio(results.ours, results.awsSync))}, WebCrypto backend ${times(pairedRatio(results.oursWeb, results.awsSync))})`,
      )
    }
  }
  print(
    `Memory run: ${ops(memory.opsPerSec)} ops/s over ${memory.count.toLocaleString('en-US')} tokens, ${memory.checksDuringRun.toLocaleString('en-US')} signature checks (${memory.backend} backend).`,
  )
  for (const note of jwksPart.notes) print(note)
  print()
  print('Targets:')
  for (const entry of targets) print(`  ${entry.pass ? 'PASS' : 'FAIL'}  ${entry.name}: ${entry.detail}`)
  const passed = targets.every((entry) => entry.pass)
  print()
  print('For the package README:')
  print()
  print(`Node ${environment.node}, ${environment.cpu}, one core; RS256 Hanko-shaped tokens, warm keys. Peers: ops/s (how many times faster @hanko-session/core is).`)
  print()
  printTable(print, ['', '@hanko-session/core', ...PEERS.map(([, label]) => label)], readme)
  print()
  const mintNote = environment.mintedIn > 0 ? ` (of which minting tokens: ${seconds(environment.mintedIn)})` : ''
  print(`Benchmark took ${seconds(elapsedMs())}${mintNote}.`)
  process.stdout.write(`${out.join('\n')}\n`)
  return { passed }
}

const milliseconds = (ms) => (ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`)

/** The JWKS rows (3a–3d), their targets and README rows: shared by the full report and `--jwks-only`. */
function jwksSection(jwks, target) {
  const rows = []
  const readme = []
  const { cold, flood, sustained, churn, rotation, stale } = jwks
  const coldPass = cold.ours.requests === 1 && cold.ours.failed === 0
  const coldCell = (name) => `${cold[name].requests} request${cold[name].requests === 1 ? '' : 's'}${cold[name].failed ? `, ${cold[name].failed} failed` : ''}`
  rows.push([
    '3a. JWKS: 1,000 concurrent cold verifications',
    coldCell('ours'),
    '—',
    coldCell('jose'),
    coldCell('aws'),
    coldCell('jsonwebtoken'),
    'exactly 1',
    target('1,000 concurrent cold verifications → exactly 1 JWKS request', coldPass, coldCell('ours')),
  ])
  readme.push(['JWKS requests for 1,000 concurrent cold verifications', String(cold.ours.requests), '—', String(cold.jose.requests), String(cold.aws.requests), String(cold.jsonwebtoken.requests)])
  const floodCodes = Object.entries(flood.codes).map(([code, count]) => `${count.toLocaleString('en-US')} ${code}`).join(', ')
  rows.push([
    '3b. JWKS: 10,000 unknown kids over 30 s (simulated)',
    `${flood.requests} requests (${floodCodes})${flood.stillValid ? '' : '; VALID TOKEN REJECTED AFTERWARDS'}`,
    '—', '—', '—', '—',
    '≤ 6',
    target('10,000 unknown kids over 30 s → at most 6 JWKS requests', flood.requests <= 6 && flood.stillValid, `${flood.requests} requests`),
  ])
  rows.push([
    '3b. … sustained: 100,000 unknown kids over 5 min',
    `${sustained.requests} requests (${(sustained.requests / 10).toFixed(1)} per 30 s)`,
    '—', '—', '—', '—',
    '≤ 60 (6 per 30 s)',
    target('100,000 unknown kids over 5 min → at most 6 JWKS requests per 30 s', sustained.requests <= 60 && sustained.stillValid, `${sustained.requests} requests`),
  ])
  rows.push([
    "3b. … against a JWKS whose kids change on every fetch",
    `${churn.requests} requests`,
    '—', '—', '—', '—',
    '≤ 6',
    target('10,000 unknown kids over 30 s, kid set changing on every fetch → at most 6 JWKS requests', churn.requests <= 6, `${churn.requests} requests`),
  ])
  readme.push(['JWKS requests for 10,000 unknown kids over 30 s (key set changing on every fetch)', `${flood.requests} (${churn.requests})`, '—', '—', '—', '—'])
  const worst = rotation.worst
  rows.push([
    '3c. Key rotation right after 0–30 s of invented kids (worst case)',
    `accepted ${seconds(worst.acceptedAfterMs)} after first use (${worst.leadS} s of probes), ${worst.requests} request${worst.requests === 1 ? '' : 's'}`,
    '—', '—', '—', '—',
    'within 5 s',
    target('rotated key accepted within 5 s of first use, after any burst of invented kids (0–30 s) that stopped', worst.acceptedAfterMs <= 5_000, seconds(worst.acceptedAfterMs)),
  ])
  readme.push(['Rotated key accepted after (worst case, right after 0–30 s of invented kids)', seconds(worst.acceptedAfterMs), '—', '—', '—', '—'])
  // On a shared machine a sub-millisecond p99 moves by a millisecond or two from run to run; waiting
  // for the endpoint costs seconds. So: p99 within 5 ms of the fresh-key p99, and no call that waited.
  const staleOk = stale.hanging.p99 <= stale.fresh.p99 + 5 && stale.hanging.waited === 0 && stale.hanging.failed === 0
  rows.push([
    `3d. p99 verify latency, keys past TTL, JWKS endpoint hanging for ${(stale.hangingMs / 1000).toFixed(0)} s`,
    `p99 ${milliseconds(stale.hanging.p99)}, max ${milliseconds(stale.hanging.max)}, ${stale.hanging.waited} waited ≥ 1 s (fresh keys: p99 ${milliseconds(stale.fresh.p99)}); ${stale.requests} JWKS requests`,
    '—', '—', '—', '—',
    'p99 ≤ fresh + 5 ms, none waits',
    target(
      'p99 verify latency with stale keys and a hanging JWKS endpoint stays at cache-hit level (within 5 ms of fresh keys, no call waits)',
      staleOk,
      `${milliseconds(stale.hanging.p99)} vs ${milliseconds(stale.fresh.p99)}, ${stale.hanging.waited} waited, ${stale.hanging.failed} failed`,
    ),
  ])
  readme.push(['p99 verify latency while the JWKS endpoint hangs, keys past TTL (fresh keys)', `${milliseconds(stale.hanging.p99)} (${milliseconds(stale.fresh.p99)})`, '—', '—', '—', '—'])
  const notes = [
    `Rotation sweep (seconds of probing → seconds until the new key was accepted): ${rotation.cases.map((entry) => `${entry.leadS}→${(entry.acceptedAfterMs / 1000).toFixed(1)}`).join(' ')}`,
    `Stale keys, hanging endpoint: ${stale.hanging.count.toLocaleString('en-US')} verifications (p50 ${milliseconds(stale.hanging.p50)}); fresh keys: ${stale.fresh.count.toLocaleString('en-US')} (p50 ${milliseconds(stale.fresh.p50)}).`,
  ]
  return { rows, readme, notes }
}

/** The report of `node bench/run.js --jwks-only`: the JWKS scenarios alone. */
export function printJwksReport({ environment, jwks, elapsedMs }) {
  const targets = []
  const target = (name, pass, detail) => {
    targets.push({ name, pass, detail })
    return pass ? 'PASS' : 'FAIL'
  }
  const { rows, readme, notes } = jwksSection(jwks, target)
  const out = []
  const print = (line = '') => out.push(line)
  print()
  print(`@hanko-session/core benchmark, JWKS scenarios only · Node ${environment.node} · ${environment.cpu}`)
  print()
  printTable(print, ['Scenario', '@hanko-session/core', 'raw node:crypto', 'jose', 'aws-jwt-verify', 'jsonwebtoken + jwks-rsa', 'Target', 'Result'], rows)
  print()
  for (const note of notes) print(note)
  print()
  print('Targets:')
  for (const entry of targets) print(`  ${entry.pass ? 'PASS' : 'FAIL'}  ${entry.name}: ${entry.detail}`)
  print()
  printTable(print, ['', '@hanko-session/core', 'raw node:crypto', 'jose', 'aws-jwt-verify', 'jsonwebtoken + jwks-rsa'], readme)
  print()
  print(`Benchmark took ${seconds(elapsedMs())}.`)
  process.stdout.write(`${out.join('\n')}\n`)
  return { passed: targets.every((entry) => entry.pass) }
}

function printTable(print, header, rows) {
  const widths = header.map((cell, column) => Math.max(cell.length, 3, ...rows.map((row) => String(row[column]).length)))
  const line = (cells) => `| ${cells.map((cell, column) => String(cell).padEnd(widths[column])).join(' | ')} |`
  print(line(header))
  print(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`)
  for (const row of rows) print(line(row))
}

/** The backend the package's `#crypto` conditions pick on each runtime of scenario 5 (see package.json `imports`). */
function backendOn(runtime) {
  return runtime === 'Bun' || runtime === 'Deno' ? 'node:crypto' : 'WebCrypto'
}
