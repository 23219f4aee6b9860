import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** The built `hanko-emulator` CLI of the workspace (turbo builds it before the client's `test:browser`). */
const CLI = join(dirname(createRequire(import.meta.url).resolve('@hanko-session/emulator/package.json')), 'dist', 'cli.js')

/** A `hanko-emulator` child process on a free port. */
export interface RunningEmulator {
  /** `http://localhost:<port>`: same site as the app on another localhost port, as real setups are. */
  readonly url: string
  /** A dev control route under `/__emulator/`, as JSON; `body` makes it a POST. */
  dev<T = unknown>(path: string, body?: unknown): Promise<T>
  /** The last passcode mailed to `email`. */
  passcode(email: string): Promise<string>
  stop(): Promise<void>
}

/** Spawns the built CLI with `--port 0` and resolves once it prints its listening line. */
export function startEmulatorCli(...args: string[]): Promise<RunningEmulator> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "pnpm build" first.`)
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [CLI, '--port', '0', ...args])
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM')
      reject(new Error(`hanko-emulator did not start in 20 s:\n${output}`))
    }, 20_000)
    child.once('exit', (code) => reject(new Error(`hanko-emulator exited with ${code}:\n${output}`)))
    child.stdout.on('data', () => {
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+) /.exec(output)
      if (match === null) return
      clearTimeout(timer)
      const url = `http://localhost:${match[1]}`
      const dev = async <T>(path: string, body?: unknown): Promise<T> => {
        const init: RequestInit = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
        const response = await fetch(`${url}/__emulator/${path}`, init)
        if (!response.ok) throw new Error(`/__emulator/${path}: ${response.status} ${await response.text()}`)
        return (await response.json()) as T
      }
      resolve({
        url,
        dev,
        passcode: async (email) => (await dev<{ code: string }>(`passcodes/last?email=${encodeURIComponent(email)}`)).code,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
          await exited
        },
      })
    })
  })
}
