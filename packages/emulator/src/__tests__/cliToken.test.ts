import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { createSessionVerifier } from '@hanko-session/core'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'

/** The built CLI, as the package's `bin` runs it (turbo builds before testing). */
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url))
const running = new Set<ChildProcessWithoutNullStreams>()

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "pnpm build" first.`)
})
afterEach(() => {
  for (const child of running) child.kill('SIGKILL')
  running.clear()
})

/** Starts the emulator CLI on a free port and resolves its URL once it listens. */
function startEmulator(...args: string[]): Promise<string> {
  const child = spawn(process.execPath, [CLI, '--port', '0', ...args])
  running.add(child)
  let output = ''
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/\S+) /.exec(output)
      if (match !== null) resolve(match[1]!)
    })
    child.once('exit', (code) => reject(new Error(`the CLI exited with ${code}:\n${output}`)))
  })
}

/** Runs `hanko-emulator token …` to its end, as a terminal would. */
function token(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, 'token', ...args])
  running.add(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })))
}

/** A port nothing listens on: bound, read, released. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('hanko-emulator token <email>', () => {
  it('prints a session token of the running emulator that core verifies and /me accepts', async () => {
    const url = await startEmulator('--quiet')
    const printed = await token('alice@example.com', '--url', url)
    expect(printed).toMatchObject({ code: 0, stderr: '' })
    const jwt = printed.stdout.trim()
    expect(printed.stdout).toBe(`${jwt}\n`)
    const session = await createSessionVerifier({ apiUrl: url, audience: 'localhost' }).verify(jwt)
    expect(session.email?.address).toBe('alice@example.com')
    const me = await fetch(`${url}/me`, { headers: { authorization: `Bearer ${jwt}` } })
    expect(me.status).toBe(200)
    expect((await me.json()).id).toBe(session.userId)
  })

  it('prints the whole login as JSON with --json, and logs a known user in again', async () => {
    const url = await startEmulator('--quiet', '--cookie-mode')
    const first = JSON.parse((await token('bob@example.com', '--url', url, '--json')).stdout)
    expect(first).toMatchObject({ token: expect.stringMatching(/^eyJ/), flow: 'registration', userId: expect.any(String), sessionId: expect.any(String) })
    const second = JSON.parse((await token('bob@example.com', '--url', `${url}/`, '--json', '--no-register')).stdout)
    expect(second).toMatchObject({ flow: 'login', userId: first.userId })
    expect(second.sessionId).not.toBe(first.sessionId)
  })

  it('refuses an unknown address with --no-register, and says so', async () => {
    const url = await startEmulator('--quiet')
    const refused = await token('carol@example.com', '--url', url, '--no-register')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('ERR_INVALID_ARGUMENT')
  })

  it('says how to start an emulator when none answers, and exits with 1', async () => {
    const refused = await token('alice@example.com', '--url', `http://127.0.0.1:${await closedPort()}`)
    expect(refused).toMatchObject({ code: 1, stdout: '' })
    expect(refused.stderr).toContain('Start one with "npx hanko-emulator"')
  })

  it('explains bad usage and exits with 2', async () => {
    for (const args of [[], ['a@example.com', 'b@example.com'], ['a@example.com', '--url', 'localhost:8000'], ['a@example.com', '--port', '1']]) {
      const refused = await token(...args)
      expect(refused.code).toBe(2)
      expect(refused.stderr).toContain('Usage: hanko-emulator token <email>')
    }
  })
})
