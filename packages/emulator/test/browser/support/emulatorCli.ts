import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The built CLI, exactly what `npx hanko-emulator` runs (turbo builds before `test:browser`). */
const CLI = fileURLToPath(new URL('../../../dist/cli.js', import.meta.url))

/** A `hanko-emulator` child process on a free port. */
export interface RunningEmulator {
  /** `http://localhost:<port>`: same site as the app on another localhost port, as real setups are. */
  readonly url: string
  /** Everything the CLI printed so far (stdout and stderr). */
  output(): string
  /** `GET /__emulator/…` as JSON. */
  dev<T = unknown>(path: string): Promise<T>
  /** The last passcode mailed to `email`, from the dev control route. */
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
    const timer = setTimeout(() => reject(new Error(`hanko-emulator did not start in 10 s:\n${output}`)), 10_000)
    child.once('exit', (code) => reject(new Error(`hanko-emulator exited with ${code}:\n${output}`)))
    child.stdout.on('data', () => {
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+) /.exec(output)
      if (match === null) return
      clearTimeout(timer)
      const url = `http://localhost:${match[1]}`
      const dev = async <T>(path: string): Promise<T> => {
        const response = await fetch(`${url}/__emulator/${path}`)
        if (!response.ok) throw new Error(`GET /__emulator/${path}: ${response.status} ${await response.text()}`)
        return (await response.json()) as T
      }
      resolve({
        url,
        output: () => output,
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
