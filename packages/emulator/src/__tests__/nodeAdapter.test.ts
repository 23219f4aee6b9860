import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createNodeServer } from '../cli/nodeAdapter.js'
import { createEmulator } from '../lib/createEmulator.js'
import { serveFetch } from '../lib/fetchAdapter.js'
import type { EmulatorRequest } from '../lib/emulatorRequest.js'
import { type EmulatorResponse, json } from '../lib/emulatorResponse.js'
import { LIMITS } from '../lib/limits.js'
import type { EmulatorControls } from '../lib/emulatorControls.js'
import { API, freshEmulator } from './helpers.js'

let server: Server | undefined
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
  server = undefined
})

/** Serves `handler` the way the CLI does and returns its base URL. */
async function serve(handler: (request: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>): Promise<string> {
  server = createNodeServer(async (request) => handler(request))
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** Serves a whole emulator (sharing the test file's key) the way the CLI does. */
async function serveEmulator(): Promise<{ url: string; token: string; emulator: EmulatorControls; fetchDirect: (request: Request) => Promise<Response> }> {
  const { keys } = await (await freshEmulator()).snapshot()
  const { controls: emulator, handle } = createEmulator({ snapshot: { version: 1, keys, users: [], sessions: [] } })
  const { token } = await emulator.mintSessionToken({ email: 'alice@example.com' })
  return { url: await serve(handle), token, emulator, fetchDirect: (request) => serveFetch(handle, request, {}) }
}

/** Sends a request exactly as written (header case and repeats kept) and reads the whole answer. */
function raw(url: string, head: string, body = ''): Promise<{ status: number; head: string; body: string }> {
  const { port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(`${head}\r\nConnection: close\r\n\r\n${body}`))
    let answer = ''
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()))
    socket.once('error', reject)
    socket.once('close', () => {
      const split = answer.indexOf('\r\n\r\n')
      resolve({ status: Number(answer.slice(9, 12)), head: answer.slice(0, split), body: answer.slice(split + 4) })
    })
  })
}

describe('the CLI’s node:http adapter', () => {
  it('writes the answer as built: status, headers, each Set-Cookie on its own line, the exact length', async () => {
    const url = await serve(() =>
      json(201, { message: 'grüß dich' }, [
        ['x-session-lifetime', '3600'],
        ['set-cookie', 'a=1; Path=/'],
        ['set-cookie', 'b=2; Path=/'],
      ]),
    )
    const response = await fetch(`${url}/me`)
    expect(response.status).toBe(201)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.headers.get('x-session-lifetime')).toBe('3600')
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/'])
    const text = await response.text()
    expect(JSON.parse(text)).toEqual({ message: 'grüß dich' })
    expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(text))
  })

  it('sends no body for a bodiless answer', async () => {
    const url = await serve(() => ({ status: 204, headers: [], body: undefined, networkError: false }))
    const response = await fetch(`${url}/logout`, { method: 'POST' })
    expect(response.status).toBe(204)
    expect(await response.text()).toBe('')
  })

  it('looks headers up by lower-case name, whatever case the client sent, and joins repeats as fetch does', async () => {
    const url = await serve((request) => json(200, { test: request.header('x-test'), cookie: request.header('cookie'), missing: request.header('x-none') }))
    const answer = await raw(url, 'GET / HTTP/1.1\r\nHost: x\r\nX-Test: one\r\nx-TEST: two\r\nCookie: a=1\r\ncookie: b=2')
    expect(JSON.parse(answer.body)).toEqual({ test: 'one, two', cookie: 'a=1; b=2', missing: null })
  })

  it('routes by the request target, resolved as a URL resolves it, never by the Host header', async () => {
    const url = await serve((request) => json(200, { path: request.path, email: request.query('email'), method: request.method }))
    const seen = async (target: string, host = 'x'): Promise<unknown> => JSON.parse((await raw(url, `GET ${target} HTTP/1.1\r\nHost: ${host}`)).body)
    expect(await seen('/__emulator/passcodes/last?email=alice%40example.com', 'evil.example/login')).toEqual({
      path: '/__emulator/passcodes/last',
      email: 'alice@example.com',
      method: 'GET',
    })
    expect(await seen('/users/../health/./alive')).toMatchObject({ path: '/health/alive', email: null })
    expect(await seen('/%7Euser?email=a+b')).toMatchObject({ path: '/%7Euser', email: 'a b' })
    expect(await seen('http://evil.example/me')).toMatchObject({ path: '/' })
  })

  it('passes the client address through', async () => {
    const url = await serve((request) => json(200, { address: request.clientAddress }))
    expect(await (await fetch(url)).json()).toEqual({ address: '127.0.0.1' })
  })

  it('reads a body as UTF-8 text, refuses one over the cap (declared or streamed), and one that is not UTF-8', async () => {
    const url = await serve(async (request) => json(200, await request.readBody(16)))
    const post = (body: BodyInit, headers: Record<string, string> = {}): Promise<unknown> => fetch(url, { method: 'POST', body, headers }).then((response) => response.json())
    expect(await post('{"a":"ü"}')).toEqual({ kind: 'text', text: '{"a":"ü"}' })
    expect(await post('')).toEqual({ kind: 'empty' })
    expect(await post('x'.repeat(17))).toEqual({ kind: 'too-large' })
    expect(await post(new Uint8Array([0xff, 0xfe]))).toEqual({ kind: 'unreadable' })
    const chunked = await raw(url, 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked', `10\r\n${'x'.repeat(16)}\r\n1\r\ny\r\n0\r\n\r\n`)
    expect(JSON.parse(chunked.body)).toEqual({ kind: 'too-large' })
  })

  it('drains a streamed body past the cap, so the connection answers its next request', async () => {
    const url = await serve(async (request) => json(200, await request.readBody(16)))
    const { port } = new URL(url)
    const answers = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(`POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n${'x'.repeat(16)}\r\n`)
        // The rest of the body arrives after the reader stopped; then a second request on the same connection.
        setTimeout(() => socket.write(`10\r\n${'y'.repeat(16)}\r\n0\r\n\r\nPOST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok`), 50)
      })
      let text = ''
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()))
      socket.once('error', reject)
      socket.once('close', () => resolve(text))
    })
    expect(answers.match(/\{"kind":"[a-z-]+"(,"text":"[^"]*")?\}/g)).toEqual(['{"kind":"too-large"}', '{"kind":"text","text":"ok"}'])
  })

  it('answers 413 at once when Content-Length is over the cap, without reading the body', async () => {
    const { url } = await serveEmulator()
    const answer = await raw(url, `POST /sessions/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${LIMITS.maxBodyBytes + 1}`)
    expect(answer.status).toBe(413)
  })

  it('hands out an abort signal that fires when the client goes away', async () => {
    let aborted: Promise<boolean> | undefined
    const url = await serve((request) => {
      const { signal } = request
      aborted = new Promise((resolve) => signal!.addEventListener('abort', () => resolve(true)))
      return aborted.then(() => json(200, {}))
    })
    const controller = new AbortController()
    const response = fetch(url, { signal: controller.signal }).catch(() => 'gone')
    await expect.poll(() => aborted !== undefined).toBe(true)
    controller.abort()
    expect(await response).toBe('gone')
    expect(await aborted).toBe(true)
  })

  it('serves the emulator: one bearer token validates, two Authorization headers count as none, as through emulator.fetch', async () => {
    const { url, token, fetchDirect } = await serveEmulator()
    const validate = async (head: string): Promise<unknown> => JSON.parse((await raw(url, `GET /sessions/validate HTTP/1.1\r\nHost: x\r\n${head}`)).body).is_valid
    expect(await validate(`Authorization: Bearer ${token}`)).toBe(true)
    expect(await validate(`Authorization: Bearer ${token}\r\nauthorization: Bearer ${token}x`)).toBe(false)
    const headers = new Headers([['authorization', `Bearer ${token}`], ['authorization', `Bearer ${token}x`]])
    const direct = await fetchDirect(new Request(`${API}/sessions/validate`, { headers }))
    expect((await direct.json()).is_valid).toBe(false)
  })

  it('destroys the socket for a dropped connection', async () => {
    const { url } = await serveEmulator()
    await fetch(`${url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"path":"/me","kind":"drop","times":1}' })
    const answer = await raw(url, 'GET /me HTTP/1.1\r\nHost: x')
    expect(answer.head).toBe('')
    expect((await fetch(`${url}/me`)).status).toBe(401)
  })
})
