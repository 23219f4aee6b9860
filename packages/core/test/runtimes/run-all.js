#!/usr/bin/env node
// Runs the conformance suite on every runtime the package supports, against the built package:
// Node (node:crypto backend), Bun, Deno, workerd (through miniflare) and Vercel's edge-runtime
// (WebCrypto backend). Each bundle is built with that runtime's export conditions, so the backend a
// user of that runtime gets is the one tested. A runtime that cannot run is a failure, never a skip.
import { execFile } from 'node:child_process'
import { mkdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { EdgeVM } from '@edge-runtime/vm'
import { build } from 'esbuild'
import { Miniflare } from 'miniflare'

const here = dirname(fileURLToPath(import.meta.url))
const packageRoot = join(here, '..', '..')
const outdir = join(packageRoot, 'node_modules', '.cache', 'conformance')
const bin = (name) => join(packageRoot, 'node_modules', '.bin', name)
const run = promisify(execFile)

/** Runtime → how to bundle for it and how to run the bundle. */
const runtimes = [
  { name: 'node', entry: 'entry-script.ts', conditions: ['node'], platform: 'node', execute: (file) => script(process.execPath, [file]) },
  { name: 'bun', entry: 'entry-script.ts', conditions: ['bun'], platform: 'neutral', external: ['node:*'], execute: (file) => script(bin('bun'), ['run', file]) },
  { name: 'deno', entry: 'entry-script.ts', conditions: ['deno'], platform: 'neutral', external: ['node:*'], execute: (file) => script(bin('deno'), ['run', '--no-prompt', '--quiet', file]) },
  { name: 'workerd', entry: 'entry-worker.ts', conditions: ['workerd', 'worker', 'browser'], platform: 'neutral', execute: workerd },
  { name: 'edge-runtime', entry: 'entry-edge.ts', conditions: ['edge-light', 'worker', 'browser'], platform: 'neutral', format: 'iife', execute: edge },
]

async function bundle(runtime) {
  const outfile = join(outdir, `${runtime.name}.mjs`)
  await build({
    entryPoints: [join(here, runtime.entry)],
    outfile,
    bundle: true,
    format: runtime.format ?? 'esm',
    platform: runtime.platform,
    conditions: runtime.conditions,
    // Bun and Deno provide node: builtins themselves (their users get the node:crypto backend).
    external: runtime.external ?? [],
    mainFields: ['module', 'main'],
    target: 'es2022',
    logLevel: 'error',
    // Not tsconfig.json: its `paths` point #crypto at source for the type checker. Here the package's
    // own `imports` conditions must choose, exactly as they will for users.
    tsconfigRaw: { compilerOptions: {} },
  })
  return outfile
}

async function script(executable, args) {
  const { stdout } = await run(executable, args, { maxBuffer: 16 * 1024 * 1024, timeout: 10 * 60_000 })
  const line = stdout.split('\n').find((candidate) => candidate.startsWith('CONFORMANCE_REPORT '))
  if (line === undefined) throw new Error(`no report in output:\n${stdout.slice(-2000)}`)
  return JSON.parse(line.slice('CONFORMANCE_REPORT '.length))
}

async function workerd(file) {
  const miniflare = new Miniflare({ modules: true, scriptPath: file, compatibilityDate: '2026-04-01' })
  try {
    const response = await miniflare.dispatchFetch('http://localhost/')
    if (!response.ok) throw new Error(`worker answered ${response.status}: ${await response.text()}`)
    const report = await response.json()
    return { ...report, runtime: `workerd (miniflare ${(await import('miniflare/package.json', { with: { type: 'json' } })).default.version})` }
  } finally {
    await miniflare.dispose()
  }
}

async function edge(file) {
  const vm = new EdgeVM()
  vm.evaluate(await readFile(file, 'utf8'))
  return vm.evaluate('globalThis.conformance')
}

await mkdir(outdir, { recursive: true })
const reports = []
let failed = false
for (const runtime of runtimes) {
  const started = Date.now()
  try {
    const report = await runtime.execute(await bundle(runtime))
    reports.push(report)
    if (report.failures.length > 0 || report.total === 0) failed = true
  } catch (error) {
    failed = true
    reports.push({ runtime: runtime.name, backend: '?', total: 0, passed: 0, failures: [{ id: '-', title: 'the runtime could not run the suite', error: String(error?.stack ?? error) }], durationMs: Date.now() - started })
  }
}

console.log('\nConformance suite on every runtime (built package):\n')
console.log('| runtime | crypto backend | passed | time |')
console.log('|---|---|---|---|')
for (const report of reports) {
  console.log(`| ${report.runtime} | ${report.backend} | ${report.passed}/${report.total} | ${(report.durationMs / 1000).toFixed(1)} s |`)
}
for (const report of reports) {
  for (const failure of report.failures) console.log(`\n✗ ${report.runtime}: ${failure.id} ${failure.title}\n  ${failure.error}`)
}
process.exitCode = failed ? 1 : 0
