import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Json } from './helpers.js'

/** The built CLI, as `pnpm demo` and the package's `bin` run it (turbo builds before testing). */
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url))

interface Running {
  readonly child: ChildProcessWithoutNullStreams
  readonly url: string
  output(): string
}

const running = new Set<ChildProcessWithoutNullStreams>()
let directory: string

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "pnpm build" first.`)
  directory = await mkdtemp(join(tmpdir(), 'hanko-emulator-'))
})
afterEach(() => {
  for (const child of running) child.kill('SIGKILL')
  running.clear()
})
afterAll(async () => {
  await rm(directory, { recursive: true, force: true })
})

/** Starts the CLI on a free port and waits for its "listening" line. */
function start(...args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [CLI, '--port', '0', ...args])
  running.add(child)
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the CLI did not start in 10 s:\n${output}`)), 10_000)
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/\S+) /.exec(output)
      if (match === null) return
      clearTimeout(timer)
      resolve({ child, url: match[1]!, output: () => output })
    })
    child.once('exit', (code) => reject(new Error(`the CLI exited with ${code}:\n${output}`)))
  })
}

function stop(child: ChildProcessWithoutNullStreams, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      running.delete(child)
      resolve(code)
    })
    child.kill(signal)
  })
}

async function json(url: string, init?: RequestInit): Promise<Json> {
  return (await fetch(url, init)).json()
}

describe('hanko-emulator CLI', () => {
  // Start-up time is a benchmark figure (bench/run.js), not a timed test.
  it('starts, serves the JWKS, and stops cleanly on SIGTERM', async () => {
    const { child, url } = await start()
    const response = await fetch(`${url}/.well-known/jwks.json`)
    expect(response.headers.get('cache-control')).toBe('max-age=600')
    expect((await response.json()).keys).toHaveLength(1)
    expect(await stop(child, 'SIGTERM')).toBe(0)
  })

  it('prints every passcode it mails', async () => {
    const { child, url, output } = await start('--cookie-mode')
    await json(`${url}/__emulator/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"alice@example.com"}' })
    const preflight = await json(`${url}/login`, { method: 'POST' })
    const post = (href: string, csrf: string, input: object): Promise<Json> =>
      json(`${url}${href}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input_data: input, csrf_token: csrf }) })
    const init = await post(preflight.actions.register_client_capabilities.href, preflight.csrf_token, { webauthn_available: false })
    await post(init.actions.continue_with_login_identifier.href, init.csrf_token, { email: 'alice@example.com' })
    const { code } = await json(`${url}/__emulator/passcodes/last?email=alice%40example.com`)
    await expect.poll(output).toContain(`passcode  alice@example.com: ${code}  (login, valid 5 min)`)
    expect(await stop(child, 'SIGINT')).toBe(0)
  })

  it('really drops the connection for a "drop" fault', async () => {
    const { url } = await start()
    await fetch(`${url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"path":"/me","kind":"drop"}' })
    await expect(fetch(`${url}/me`)).rejects.toThrow(TypeError)
    expect((await fetch(`${url}/sessions/validate`)).status).toBe(200)
  })

  it('answers a streamed oversized body with 413 and keeps serving', async () => {
    const { url } = await start()
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024))
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 16) controller.enqueue(chunk)
        else controller.close()
      },
    })
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' }
    const response = await fetch(`${url}/sessions/validate`, init)
    expect(response.status).toBe(413)
    expect((await fetch(`${url}/health/alive`)).status).toBe(200)
  })

  it('keeps users, sessions and keys in --data across a restart', async () => {
    const data = join(directory, 'emulator.json')
    const first = await start('--data', data, '--lifetime', '1h')
    const minted = await json(`${first.url}/__emulator/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"alice@example.com"}' })
    expect(await stop(first.child, 'SIGTERM')).toBe(0)
    expect((await stat(data)).mode & 0o777).toBe(0o600)
    expect(JSON.parse(await readFile(data, 'utf8'))).toMatchObject({ version: 1, users: [{ emails: [{ address: 'alice@example.com' }] }] })

    const second = await start('--data', data)
    const me = await json(`${second.url}/me`, { headers: { authorization: `Bearer ${minted.token}` } })
    expect(me.emails[0].address).toBe('alice@example.com')
  })

  it('shuts down cleanly, writing --data, on a SIGTERM sent the moment it says it is listening', async () => {
    const data = join(directory, 'at-once.json')
    const { child } = await start('--data', data)
    expect(await stop(child, 'SIGTERM')).toBe(0)
    expect(JSON.parse(await readFile(data, 'utf8'))).toMatchObject({ version: 1 })
  })

  it('explains bad flags and exits with 2', async () => {
    const child = spawn(process.execPath, [CLI, '--lifetime', 'forever'])
    let errors = ''
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
    const code = await new Promise((resolve) => child.once('exit', resolve))
    expect(code).toBe(2)
    expect(errors).toContain('--lifetime must be a duration')
  })
})
