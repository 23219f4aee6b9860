// The emulator benchmark (issue #3, "Speed"), against the BUILT `hanko-emulator` CLI over loopback: run
// `pnpm bench`, which builds first. Measures the CLI's start-up (spawn → listening), and requests per
// second with p50/p99 latency for `GET /sessions/validate` and for a full passcode login (protocol
// §7.1), each at 1 and 50 concurrent keep-alive clients, next to a bare node:http server under the
// same load (the floor this machine sets). The validation also runs paced: 50 clients that each send a
// request every 20 ms, well below saturation, which is the latency a test suite with 50 parallel
// workers sees. Prints one table with PASS/FAIL per goal; exits 0 unless --strict is given and a goal
// was missed. Options: --quick (shorter rounds), --strict, --no-pin, --cli <file> (another build of
// the CLI, e.g. to compare with an earlier commit's dist/cli.js).
import { execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { closedLoop, createPool, median, pacedLoop, quantile, send } from './load.js'

const argv = process.argv.slice(2)
const quick = argv.includes('--quick')
const strict = argv.includes('--strict')
const PLAN = quick ? { startupRuns: 3, warmupMs: 500, rounds: 1, roundMs: 1000 } : { startupRuns: 7, warmupMs: 1500, rounds: 5, roundMs: 2000 }
const GOALS = { startupMaxMs: 1000, validateP99Ms: 5 }
const CONCURRENCY = [1, 50]
/** The paced load: 50 clients, each sending one request every 20 ms (2,500 a second in all). */
const PACED = { clients: 50, intervalMs: 20 }
/** Accounts that log in, taken in turn, so that no address meets the passcode rate limit (3 mails a minute). */
const ACCOUNTS = 4000
/** The app's origin as a browser sends it, so every answer carries the CORS headers it would. */
const APP_ORIGIN = 'http://localhost:3000'
const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json', origin: APP_ORIGIN }

const here = (file) => fileURLToPath(new URL(file, import.meta.url))
const cliFlag = argv.indexOf('--cli')
const CLI = cliFlag === -1 ? here('../dist/cli.js') : argv[cliFlag + 1]
const log = (line) => process.stderr.write(`${line}\n`)

/**
 * With taskset, servers get the last CPU and this process (the load) the first, so on a 2-core machine
 * the two never queue behind each other; without taskset both float.
 */
const cpuCount = availableParallelism()
const pinned = cpuCount >= 2 && !argv.includes('--no-pin') && pinSelf()
function pinSelf() {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** Spawns a node server script that prints "listening on <url> "; resolves with it and the time that took. */
function startServer(script, args) {
  const node = [process.execPath, script, ...args]
  const [command, ...commandArgs] = pinned ? ['taskset', '-c', String(cpuCount - 1), ...node] : node
  const started = performance.now()
  const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/\S+) /.exec(output)
      if (match === null) return
      const ms = performance.now() - started
      // Keep draining: the CLI prints a line per passcode, and a full pipe would stall it.
      child.stdout.off('data', onData)
      child.stdout.resume()
      resolve({ child, url: match[1], ms })
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', (chunk) => (output += chunk.toString()))
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${output}`)))
  })
}

const startCli = () => startServer(CLI, ['--port', '0', '--quiet'])

function stopServer(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

async function measureStartup() {
  const times = []
  for (let run = 0; run < PLAN.startupRuns; run++) {
    const { child, ms } = await startCli()
    times.push(ms)
    await stopServer(child)
  }
  return times
}

async function devJson(pool, method, path, body) {
  const response = await send(pool, method, path, JSON_HEADERS, body === undefined ? undefined : JSON.stringify(body))
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${response.text}`)
  return JSON.parse(response.text)
}

/** `GET /sessions/validate` as the SDK sends it: a bearer token, JSON headers, `X-Language: undefined`. */
function validateTask(pool, token) {
  const headers = { ...JSON_HEADERS, authorization: `Bearer ${token}`, 'x-language': 'undefined' }
  return async () => {
    const response = await send(pool, 'GET', '/sessions/validate', headers)
    if (response.status !== 200 || !response.text.startsWith('{"is_valid":true')) throw new Error(`validate: ${response.status} ${response.text}`)
  }
}

/** Any GET, for the bare server. */
function getTask(pool) {
  return async () => {
    const response = await send(pool, 'GET', '/sessions/validate', JSON_HEADERS)
    if (response.status !== 200) throw new Error(`bare server: ${response.status}`)
  }
}

/**
 * A whole passcode login as `<hanko-auth>` drives it (§7.1): start the flow, send the client's
 * capabilities, then the email, read the code from the dev route (where a person reads the mail),
 * verify it. Five requests; the last one must deliver the session token.
 */
function loginTask(pool, nextEmail) {
  const headers = { ...JSON_HEADERS, 'x-language': 'en' }
  const capabilities = { webauthn_available: false, webauthn_conditional_mediation_available: false, webauthn_platform_authenticator_available: false }
  const step = async (path, body, expected) => {
    const response = await send(pool, 'POST', path, headers, body === undefined ? undefined : JSON.stringify(body))
    const state = JSON.parse(response.text)
    // A 429 (passcode rate limit) stays in passcode_confirmation, so the status is checked too.
    if (response.status !== 200 || state.name !== expected) throw new Error(`${path}: expected ${expected}, got ${response.status} ${response.text.slice(0, 300)}`)
    return { state, response }
  }
  const act = (state, action, inputData, expected) => step(state.actions[action].href, { input_data: inputData, csrf_token: state.csrf_token }, expected)
  return async () => {
    const email = nextEmail()
    const preflight = await step('/login', undefined, 'preflight')
    const init = await act(preflight.state, 'register_client_capabilities', capabilities, 'login_init')
    const passcode = await act(init.state, 'continue_with_login_identifier', { email }, 'passcode_confirmation')
    const { code } = await devJson(pool, 'GET', `/__emulator/passcodes/last?email=${encodeURIComponent(email)}`)
    const success = await act(passcode.state, 'verify_passcode', { code }, 'success')
    if (typeof success.response.headers['x-auth-token'] !== 'string') throw new Error('success without X-Auth-Token')
  }
}

const closed = (clients, durationMs, task) => closedLoop(clients, durationMs, task)
const paced = (clients, durationMs, task) => pacedLoop(clients, durationMs, PACED.intervalMs, task)

/**
 * Warm-up, then `rounds` measured rounds; each figure is the median over the rounds. Several targets
 * take turns round by round, so a busy moment on a shared machine falls on all of them alike. `loop`
 * is {@link closed} or {@link paced}.
 */
async function measureLoad(targets, clients, loop = closed) {
  const pools = targets.map((target) => createPool(target.url, clients))
  try {
    const results = targets.map(() => ({ rounds: [], failures: 0, firstFailure: undefined }))
    for (const [index, target] of targets.entries()) await loop(clients, PLAN.warmupMs, target.makeTask(pools[index]))
    for (let round = 0; round < PLAN.rounds; round++) {
      for (const [index, target] of targets.entries()) {
        const result = await loop(clients, PLAN.roundMs, target.makeTask(pools[index]))
        const summary = results[index]
        summary.failures += result.failures
        summary.firstFailure ??= result.firstFailure
        summary.rounds.push({ perSecond: (result.latencies.length / result.elapsedMs) * 1000, p50: quantile(result.latencies, 0.5), p99: quantile(result.latencies, 0.99) })
      }
    }
    return results.map(({ rounds, failures, firstFailure }) => {
      if (firstFailure !== undefined) log(`  ${failures} failed; the first: ${firstFailure.message}`)
      const figure = (name) => median(rounds.map((round) => round[name]))
      return { perSecond: figure('perSecond'), p50: figure('p50'), p99: figure('p99'), failures }
    })
  } finally {
    await Promise.all(pools.map((pool) => pool.destroy()))
  }
}

async function measureServers() {
  const { child, url } = await startCli()
  let bare
  const rows = []
  try {
    const setup = createPool(url, 20)
    const emails = Array.from({ length: ACCOUNTS }, (_, index) => `bench-${index}@example.com`)
    // One turn order across warm-up and rounds, so an address comes round again only after all the others.
    let turn = 0
    const nextEmail = () => emails[turn++ % emails.length]
    for (let index = 0; index < emails.length; index += 20) {
      await Promise.all(emails.slice(index, index + 20).map((email) => devJson(setup, 'POST', '/__emulator/users', { email })))
    }
    const { token } = await devJson(setup, 'POST', '/__emulator/sessions', { email: emails[0] })
    const validateBytes = (await send(setup, 'GET', '/sessions/validate', { ...JSON_HEADERS, authorization: `Bearer ${token}` })).text.length
    bare = await startServer(here('./bareServer.js'), [String(validateBytes)])

    const validate = { url, makeTask: (pool) => validateTask(pool, token) }
    log('GET /sessions/validate, 1 client')
    const [single] = await measureLoad([validate], 1)
    rows.push({ what: 'GET /sessions/validate', clients: 1, unit: 'req/s', ...single })
    log('GET /sessions/validate and the bare node:http server, 50 clients, round by round')
    const floorTarget = { url: bare.url, makeTask: getTask }
    const [many, floor] = await measureLoad([validate, floorTarget], 50)
    rows.push({ what: 'GET /sessions/validate', clients: 50, unit: 'req/s', ...many })
    const pacedWhat = `paced: each client every ${PACED.intervalMs} ms`
    log(`GET /sessions/validate and the bare node:http server, ${PACED.clients} clients ${pacedWhat.slice(7)}, round by round`)
    const [pacedValidate, pacedFloor] = await measureLoad([validate, floorTarget], PACED.clients, paced)
    rows.push({ what: `GET /sessions/validate, ${pacedWhat}`, clients: PACED.clients, unit: 'req/s', ...pacedValidate })
    const references = [
      { what: 'reference: bare node:http, same-size JSON', clients: 50, unit: 'req/s', ...floor },
      { what: `reference: bare node:http, ${pacedWhat}`, clients: PACED.clients, unit: 'req/s', ...pacedFloor },
    ]
    for (const clients of CONCURRENCY) {
      log(`passcode login, ${clients} client${clients === 1 ? '' : 's'}`)
      const [login] = await measureLoad([{ url, makeTask: (pool) => loginTask(pool, nextEmail) }], clients)
      rows.push({ what: 'passcode login (5 requests)', clients, unit: 'logins/s', ...login })
      // A minute on the emulator's clock: every address gets its three mails a minute back.
      await devJson(setup, 'POST', '/__emulator/clock', { advance: '61s' })
    }
    await setup.destroy()
    return [...rows, ...references]
  } finally {
    await stopServer(child)
    if (bare !== undefined) await stopServer(bare.child)
  }
}

const ms = (value) => (value >= 100 ? `${value.toFixed(0)} ms` : value >= 10 ? `${value.toFixed(1)} ms` : `${value.toFixed(2)} ms`)
const rate = (value) => Math.round(value).toLocaleString('en-US')

function printTable(startup, rows) {
  const startupMax = Math.max(...startup)
  const validate50 = rows.find((row) => row.what === 'GET /sessions/validate' && row.clients === 50)
  const results = [
    {
      cells: ['CLI start-up (spawn → listening)', '', `${PLAN.startupRuns} runs`, `${ms(median(startup))} (median)`, `${ms(startupMax)} (max)`, `max < ${GOALS.startupMaxMs / 1000} s`],
      pass: startupMax < GOALS.startupMaxMs,
    },
    ...rows.map((row) => ({
      cells: [row.what, String(row.clients), `${rate(row.perSecond)} ${row.unit}`, ms(row.p50), ms(row.p99), row === validate50 ? `p99 < ${GOALS.validateP99Ms} ms` : ''],
      pass: row === validate50 ? row.p99 < GOALS.validateP99Ms : undefined,
      failures: row.failures,
    })),
  ]
  const header = ['', 'clients', 'throughput', 'p50', 'p99', 'goal', 'result']
  const body = results.map((row) => [
    ...row.cells,
    [row.pass === undefined ? '' : row.pass ? 'PASS' : 'FAIL', row.failures ? `${row.failures} failed` : ''].filter(Boolean).join(', '),
  ])
  const widths = header.map((_, column) => Math.max(header[column].length, ...body.map((line) => line[column].length)))
  const line = (cells) => `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`
  const rule = `|${widths.map((width, column) => (column === 0 ? ` ${'-'.repeat(width)} ` : ` ${'-'.repeat(width - 1)}: `)).join('|')}|`
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU'
  process.stdout.write(
    [
      '',
      `hanko-emulator${quick ? ' (quick)' : ''}: Node ${process.version}, ${cpuCount} × ${cpu}, load average ${loadavg()[0].toFixed(2)} at the end${pinned ? '; servers on CPU ' + (cpuCount - 1) + ', load on CPU 0' : ''}.`,
      `Median of ${PLAN.rounds} round${PLAN.rounds === 1 ? '' : 's'} of ${PLAN.roundMs / 1000} s after ${PLAN.warmupMs / 1000} s of warm-up; closed loop unless paced, one keep-alive connection per client (undici).`,
      '',
      line(header),
      rule,
      ...body.map(line),
      '',
    ].join('\n'),
  )
  return results.filter((row) => row.pass === false).length + (results.some((row) => row.failures) ? 1 : 0)
}

async function main() {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "pnpm build" first (pnpm bench does).`)
  const started = performance.now()
  log(`hanko-emulator benchmark${quick ? ' (quick)' : ''}: ${cpuCount} CPUs${pinned ? `, servers pinned to CPU ${cpuCount - 1}, load to CPU 0` : ''}`)
  log(`start-up: ${PLAN.startupRuns} runs`)
  const startup = await measureStartup()
  const rows = await measureServers()
  const missed = printTable(startup, rows)
  log(`${missed === 0 ? 'every goal met' : `${missed} goal(s) missed (failed requests count as one)`} in ${((performance.now() - started) / 1000).toFixed(0)} s`)
  if (strict && missed > 0) process.exitCode = 1
}

await main()
