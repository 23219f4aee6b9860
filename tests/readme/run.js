#!/usr/bin/env node
// Runs every code block of the root, core, emulator and client READMEs as a user would paste it: in a new npm
// project outside the workspace, against the tarballs `pnpm pack` makes. TypeScript blocks are
// type-checked under strict nodenext and bundler settings and then run against the emulator CLI (from
// the tarball); Vitest blocks run as Vitest tests; shell blocks run, or have what can go stale checked.
// A block that cannot run says so in the README source with a marker (see README.md beside this
// file); there are no silent skips. `--keep` leaves the project in the temp directory for a look.
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { extractBlocks, marker } from './lib/extractBlocks.js'
import { createFreshProject, removeFreshProject } from './lib/freshProject.js'
import { runToEnd, startProcess } from './lib/processes.js'
import { checkShellBlock, runShellScript } from './lib/shellCommands.js'

const here = dirname(fileURLToPath(import.meta.url))
const repositoryRoot = join(here, '..', '..')
/** Each README, and the TypeScript settings its blocks are checked under: the ones it promises to work with. */
const READMES = {
  'README.md': { path: 'README.md', tsconfigs: ['nodenext', 'bundler'] },
  'core/README.md': { path: 'packages/core/README.md', tsconfigs: ['nodenext', 'bundler', 'node10'] },
  'emulator/README.md': { path: 'packages/emulator/README.md', tsconfigs: ['nodenext', 'bundler'] },
  'client/README.md': { path: 'packages/client/README.md', tsconfigs: ['nodenext', 'bundler'] },
}
const TYPESCRIPT = new Set(['ts', 'typescript', 'js', 'javascript'])
const SHELL = new Set(['sh', 'bash', 'shell'])
const TSCONFIGS = { nodenext: 'tsconfig.nodenext.json', bundler: 'tsconfig.bundler.json', node10: 'tsconfig.node10.json' }
/** The audience the core README's recipes verify (and tell users to start the emulator with). */
const RECIPE_AUDIENCE = 'example.com'
const RUN_TIMEOUT_MS = 30_000

const started = performance.now()
const keep = process.argv.includes('--keep')
const say = (line = '') => process.stdout.write(`${line}\n`)

/** One entry per block: what was done, and what went wrong. */
const results = []
const problems = []
const blocks = []
for (const [label, { path, tsconfigs }] of Object.entries(READMES)) {
  const extracted = await extractBlocks(join(repositoryRoot, path), label)
  blocks.push(...extracted.blocks.map((block) => ({ ...block, tsconfigs })))
  problems.push(...extracted.problems)
}

const project = await createFreshProject({ repositoryRoot, templateDirectory: join(here, 'project') })
const installed = performance.now()
let emulator
try {
  const plans = blocks.map(planFor)
  await writeTypeScriptBlocks(plans)
  const typeErrors = await typecheck(plans)
  problems.push(...(typeErrors.get('*') ?? []).map((error) => `outside the blocks: ${error}`))
  emulator = await startEmulator()
  for (const plan of plans) results.push(await check(plan, typeErrors))
} finally {
  await emulator?.server.stop()
  if (keep) say(`project kept in ${project}`)
  else await removeFreshProject(project)
}

report()

/**
 * What to do with a block: its kind by language, adjusted by its markers.
 *
 * @param {import('./lib/extractBlocks.js').ReadmeBlock} block
 */
function planFor(block) {
  const skip = marker(block, 'skip')
  const plan = { block, skip: skip?.argument, failures: [], done: [] }
  if (skip !== undefined) return { ...plan, kind: 'skip' }
  if (TYPESCRIPT.has(block.lang)) {
    const vitest = /from ['"]vitest['"]|@vitest-environment/.test(block.code)
    const extension = block.lang.startsWith('j') ? 'js' : 'ts'
    const directory = join(project, 'blocks', block.slug)
    if (marker(block, 'typecheck-only') !== undefined) {
      const contradicting = block.markers.filter((candidate) => ['serves', 'check'].includes(candidate.directive))
      plan.failures.push(...contradicting.map((candidate) => `a typecheck-only block cannot also have a "${candidate.directive}" marker`))
    }
    return {
      ...plan,
      kind: 'typescript',
      directory,
      file: join(directory, vitest ? `block.test.${extension}` : `block.${extension}`),
      vitest,
      typecheckOnly: marker(block, 'typecheck-only')?.argument,
      tsconfigs: marker(block, 'tsconfig')?.argument.split(/[\s(]/)[0].split(',') ?? block.tsconfigs,
      serves: marker(block, 'serves')?.argument,
      prelude: marker(block, 'prelude')?.body,
      check: marker(block, 'check')?.body,
    }
  }
  const shell = SHELL.has(block.lang)
  const shellDirectives = shell ? ['with-emulator', 'prints'] : []
  const misplaced = block.markers.filter((candidate) => candidate.directive !== 'skip' && !shellDirectives.includes(candidate.directive))
  plan.failures.push(...misplaced.map((candidate) => `the "${candidate.directive}" marker does not apply to \`\`\`${block.lang || '(no language)'} blocks`))
  if (shell) {
    const withEmulator = marker(block, 'with-emulator')
    const prints = marker(block, 'prints')?.argument.replace(/^"(.*)"$/, '$1')
    if (prints !== undefined && withEmulator === undefined) plan.failures.push('"prints" needs "with-emulator" (the block runs as one script then)')
    return { ...plan, kind: 'shell', emulatorFlags: withEmulator?.argument.split(/\s+/).filter(Boolean), prints }
  }
  if (block.lang === 'json') return { ...plan, kind: 'json' }
  plan.failures.push(`no rule for \`\`\`${block.lang || '(no language)'} blocks: give it a language the harness runs, or mark it <!-- readme-test: skip: why -->`)
  return { ...plan, kind: 'unknown' }
}

async function writeTypeScriptBlocks(plans) {
  for (const plan of plans.filter((candidate) => candidate.kind === 'typescript')) {
    await mkdir(plan.directory, { recursive: true })
    const prelude = plan.prelude === undefined ? '' : `${plan.prelude}\n`
    plan.preludeLines = prelude.split('\n').length - 1
    await writeFile(plan.file, prelude + plan.block.code)
    if (plan.check !== undefined) await writeFile(join(plan.directory, `check.${plan.file.endsWith('.js') ? 'js' : 'ts'}`), plan.check + '\n')
  }
}

/** tsc over every block at once, per configuration; errors are keyed by block directory. */
async function typecheck(plans) {
  const errors = new Map()
  const typescript = plans.filter((plan) => plan.kind === 'typescript')
  for (const plan of typescript) {
    const unknown = plan.tsconfigs.filter((name) => TSCONFIGS[name] === undefined)
    if (unknown.length > 0) plan.failures.push(`unknown tsconfig ${unknown.join(', ')} (known: ${Object.keys(TSCONFIGS).join(', ')})`)
  }
  await Promise.all(
    Object.entries(TSCONFIGS).map(async ([name, tsconfig]) => {
      const include = ['support', ...typescript.filter((plan) => plan.tsconfigs.includes(name)).map((plan) => `blocks/${plan.block.slug}`)]
      const selection = `tsconfig.${name}.blocks.json`
      await writeFile(join(project, selection), JSON.stringify({ extends: `./${tsconfig}`, include }))
      const { output } = await runToEnd(process.execPath, [join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', selection, '--pretty', 'false'], { cwd: project, timeoutMs: 5 * 60_000 })
      for (const line of output.split('\n')) {
        const match = /^blocks\/([^/]+)\/([^(]+)\((\d+),(\d+)\): (.*)$/.exec(line)
        if (match === null) {
          if (/error TS/.test(line)) errors.set('*', [...(errors.get('*') ?? []), `${name}: ${line}`])
          continue
        }
        const [, slug, file, lineNumber, , message] = match
        const blockLine = Number(lineNumber) - (typescript.find((plan) => plan.block.slug === slug)?.preludeLines ?? 0)
        const where = file.startsWith('check') ? 'check' : blockLine < 1 ? 'prelude' : `line ${blockLine} of the block`
        errors.set(slug, [...(errors.get(slug) ?? []), `tsc (${name}), ${where}: ${message}`])
      }
    }),
  )
  for (const plan of typescript) plan.done.push(`type-checked (${plan.tsconfigs.join(', ')})`)
  return errors
}

/** The CLI from the tarball on a free port, with the audience the core recipes verify, and a token. */
async function startEmulator() {
  const server = startProcess(join(project, 'node_modules', '.bin', 'hanko-emulator'), ['--port', '0', '--audience', RECIPE_AUDIENCE, '--quiet'], { cwd: project, env: process.env })
  const listening = await server.waitForOutput(/listening on (http:\/\/\S+)/, 20_000)
  if (listening === null) throw new Error(`the emulator CLI did not start:\n${server.state.output}`)
  const url = listening[1]
  const minted = await fetch(`${url}/__emulator/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'reader@example.com' }) })
  if (!minted.ok) throw new Error(`the emulator minted no token: ${minted.status} ${await minted.text()}`)
  const { token } = await minted.json()
  const env = { ...process.env, HANKO_API_URL: url, README_TEST_API_URL: url, README_TEST_TOKEN: token }
  return { server, url, token, env }
}

async function check(plan, typeErrors) {
  if (plan.kind === 'typescript') {
    plan.failures.push(...(typeErrors.get(plan.block.slug) ?? []))
    if (plan.typecheckOnly !== undefined) plan.done.push(`not run: ${plan.typecheckOnly}`)
    else if (plan.failures.length === 0) await runTypeScript(plan)
  } else if (plan.kind === 'shell' && plan.emulatorFlags !== undefined) {
    const failure = await runShellScript(plan.block.code, { projectDirectory: project, emulatorFlags: plan.emulatorFlags, prints: plan.prints, env: process.env })
    if (failure === undefined) plan.done.push(`ran as a script with the emulator on port 8000${plan.prints === undefined ? '' : `, printed ${JSON.stringify(plan.prints)}`}`)
    else plan.failures.push(failure)
  } else if (plan.kind === 'shell') {
    const shell = await checkShellBlock(plan.block.code, { repositoryRoot, projectDirectory: project })
    if (shell.ran.length > 0) plan.done.push(`ran: ${shell.ran.join('; ')}`)
    if (shell.checked.length > 0) plan.done.push(`checked, not run: ${shell.checked.join('; ')}`)
    plan.failures.push(...shell.failures)
  } else if (plan.kind === 'json') {
    try {
      JSON.parse(plan.block.code)
      plan.done.push('parsed')
    } catch (error) {
      plan.failures.push(`not JSON: ${error.message}`)
    }
  }
  return plan
}

async function runTypeScript(plan) {
  const node = (file) => [process.execPath, ['--import', 'tsx', file]]
  if (plan.vitest) {
    const result = await runToEnd(process.execPath, [join(project, 'node_modules', 'vitest', 'vitest.mjs'), 'run', plan.file], { cwd: project, env: emulator.env, timeoutMs: 2 * RUN_TIMEOUT_MS })
    if (result.code === 0) plan.done.push('ran as a Vitest test')
    else plan.failures.push(`vitest ${describeEnd(result)}`)
    return
  }
  if (plan.serves !== undefined) {
    await probeServer(plan, ...node(plan.file))
    return
  }
  const file = plan.check === undefined ? plan.file : join(plan.directory, `check.${plan.file.endsWith('.js') ? 'js' : 'ts'}`)
  const result = await runToEnd(...node(file), { cwd: plan.directory, env: emulator.env, timeoutMs: RUN_TIMEOUT_MS })
  if (result.code === 0) plan.done.push(plan.check === undefined ? 'ran' : 'ran with its check')
  else plan.failures.push(`${plan.check === undefined ? 'run' : 'check'} ${describeEnd(result)}`)
}

/** `serves <url>`: start the block, then a token must get 200 and no token 401. */
async function probeServer(plan, command, args) {
  // Blocks listen where the README says; answers from someone else's server there would mean nothing.
  if ((await fetch(plan.serves).catch(() => undefined)) !== undefined) {
    plan.failures.push(`something else already answers on ${plan.serves}: stop it and run again`)
    return
  }
  const server = startProcess(command, args, { cwd: plan.directory, env: emulator.env })
  try {
    const deadline = Date.now() + RUN_TIMEOUT_MS
    let anonymous
    while (anonymous === undefined && Date.now() < deadline && !server.state.exited) {
      anonymous = await fetch(plan.serves).catch(() => undefined)
      if (anonymous === undefined) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    if (anonymous === undefined) {
      plan.failures.push(`never answered on ${plan.serves}:\n${server.state.output.trim()}`)
      return
    }
    const signedIn = await fetch(plan.serves, { headers: { authorization: `Bearer ${emulator.token}` } })
    const expectations = [[signedIn, 200, 'with a session token'], [anonymous, 401, 'without a token']]
    for (const [response, status, how] of expectations) {
      if (response.status !== status) plan.failures.push(`${plan.serves} ${how}: HTTP ${response.status}, expected ${status}: ${(await response.text()).slice(0, 300)}`)
    }
    if (plan.failures.length === 0) plan.done.push(`served ${plan.serves}: 200 with a session token, 401 without`)
  } finally {
    await server.stop()
  }
}

function describeEnd({ code, output, timedOut }) {
  const tail = output.trim().split('\n').slice(-25).join('\n')
  return `${timedOut ? `did not end within ${RUN_TIMEOUT_MS / 1000} s (a server? mark it "serves <url>")` : `exited with ${code}`}:\n${tail}`
}

function report() {
  let passed = 0
  let failed = 0
  let skipped = 0
  for (const problem of problems) {
    failed++
    say(`FAIL ${problem}`)
  }
  for (const plan of results) {
    if (plan.kind === 'skip') {
      skipped++
      say(`skip ${plan.block.id} (${plan.block.lang || 'no language'}): ${plan.skip}`)
    } else if (plan.failures.length === 0) {
      passed++
      say(`ok   ${plan.block.id} (${plan.block.lang}): ${plan.done.join('; ')}`)
    } else {
      failed++
      say(`FAIL ${plan.block.id} (${plan.block.lang || 'no language'})`)
      for (const failure of plan.failures) say(failure.replace(/^/gm, '       '))
    }
  }
  const seconds = (milliseconds) => (milliseconds / 1000).toFixed(1)
  say(`\nfresh project and install: ${seconds(installed - started)} s; blocks: ${seconds(performance.now() - installed)} s`)
  say(`readme: ${passed} passed, ${failed} failed, ${skipped} skipped`)
  process.exitCode = failed === 0 ? 0 : 1
}
