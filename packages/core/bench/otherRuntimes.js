// Unique tokens on the other runtimes (Bun and Deno on the node:crypto backend, workerd and
// edge-runtime on WebCrypto), against jose's jwtVerify with a pre-imported key in the same runtime: the
// target "≥ 1.0× jose on the same runtime". Each runtime runs pinned to the measuring CPU.
import { execFile } from 'node:child_process'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { build } from 'esbuild'

const run = promisify(execFile)
const here = fileURLToPath(new URL('.', import.meta.url))
const packageRoot = join(here, '..')
const outdir = join(packageRoot, 'node_modules', '.cache', 'hanko-session-bench', 'runtimes')
const bin = (name) => join(packageRoot, 'node_modules', '.bin', name)

const RUNTIMES = [
  { name: 'Bun', entry: 'script.js', conditions: ['bun'], external: ['node:*'], format: 'esm', command: (file) => [bin('bun'), 'run', file] },
  { name: 'Deno', entry: 'script.js', conditions: ['deno'], external: ['node:*'], format: 'esm', command: (file) => [bin('deno'), 'run', '--quiet', '--no-prompt', file] },
  { name: 'workerd', entry: 'worker.js', conditions: ['workerd', 'worker', 'browser'], format: 'esm', command: (file, plan) => [process.execPath, join(here, 'runtimes', 'host.js'), 'workerd', file, JSON.stringify(plan)] },
  { name: 'edge-runtime', entry: 'script.js', conditions: ['edge-light', 'worker', 'browser'], format: 'iife', command: (file, plan) => [process.execPath, join(here, 'runtimes', 'host.js'), 'edge', file, JSON.stringify(plan)] },
]

/** `[{ runtime, ours: [ops/s…], jose: [ops/s…] }]`, or `{ runtime, error }` for a runtime that failed. */
export async function measureOtherRuntimes({ quick, cpu, pinned, log }) {
  const plan = quick ? { count: 600, warmup: 1, rounds: 3 } : { count: 2000, warmup: 3, rounds: 7 }
  await mkdir(outdir, { recursive: true })
  const results = []
  for (const runtime of RUNTIMES) {
    log(`  ${runtime.name}…`)
    try {
      const outfile = join(outdir, `${runtime.name}.js`)
      await build({
        entryPoints: [join(here, 'runtimes', runtime.entry)],
        outfile,
        bundle: true,
        format: runtime.format,
        platform: 'neutral',
        conditions: runtime.conditions,
        external: runtime.external ?? [],
        mainFields: ['module', 'main'],
        target: 'es2022',
        define: { 'globalThis.BENCH_PLAN': JSON.stringify(JSON.stringify(plan)) },
        tsconfigRaw: { compilerOptions: {} },
        logLevel: 'error',
      })
      const [command, ...args] = runtime.command(outfile, plan)
      const pinnedCommand = pinned ? ['taskset', '-c', String(cpu), command, ...args] : [command, ...args]
      const { stdout } = await run(pinnedCommand[0], pinnedCommand.slice(1), { maxBuffer: 8 * 1024 * 1024, timeout: 10 * 60_000 })
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('BENCH_RESULT '))
      if (line === undefined) throw new Error(`no result in output: ${stdout.slice(-500)}`)
      results.push({ runtime: runtime.name, ...JSON.parse(line.slice('BENCH_RESULT '.length)) })
    } catch (error) {
      results.push({ runtime: runtime.name, error: String(error?.message ?? error).slice(0, 300) })
    }
  }
  return results
}
