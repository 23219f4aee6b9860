/**
 * Repeated credential headers through a real `node:http` server, sent byte for byte on a raw socket:
 * Node folds a repeated `Authorization` header into its first value, which no hand-built request object
 * can prove it sees through.
 */
import { Buffer } from 'node:buffer'
import { type IncomingMessage, type Server, createServer } from 'node:http'
import { type AddressInfo, connect } from 'node:net'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createSessionVerifier, isSessionError } from '@hanko-session/core'
import { AUDIENCE, type Fixture, NOW, createFixture } from '../conformance/harness.js'

let fixture: Fixture
let server: Server | undefined
const seen: IncomingMessage[] = []

beforeAll(async () => {
  fixture = await createFixture()
})

afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
  server = undefined
  seen.length = 0
})

/** Starts a server that answers with the verification outcome, and returns its port. */
async function serveVerification(): Promise<number> {
  const verifier = createSessionVerifier({ jwks: { keys: [fixture.key.jwk, fixture.nextKey.jwk] }, audience: AUDIENCE, now: () => NOW })
  server = createServer((request, response) => {
    seen.push(request)
    const reply = (status: number, body: string) => response.writeHead(status, { 'content-length': Buffer.byteLength(body) }).end(body)
    verifier.verify(request).then(
      (session) => reply(200, session.userId),
      (error: unknown) => (isSessionError(error) ? reply(error.httpStatus, error.code) : reply(500, String(error))),
    )
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

/** Sends these header lines exactly as written and resolves with the status line and body. */
function sendRaw(port: number, headerLines: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let received = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (received += chunk))
    socket.on('error', reject)
    socket.on('end', () => {
      const [head = '', body = ''] = received.split('\r\n\r\n')
      resolve({ status: Number(head.split(' ')[1]), body })
    })
    socket.write(['GET / HTTP/1.1', 'Host: api.example.com', 'Connection: close', ...headerLines, '', ''].join('\r\n'))
  })
}

describe('repeated credential headers on a real node:http server', () => {
  it('refuses two Authorization headers with different Bearer tokens, though Node shows only the first', async () => {
    const port = await serveVerification()
    const [token, other] = await Promise.all([fixture.mint(), fixture.mint({ key: fixture.nextKey })])
    const reply = await sendRaw(port, [`Authorization: Bearer ${token}`, `Authorization: Bearer ${other}`])
    expect(seen[0]?.headers.authorization).toBe(`Bearer ${token}`)
    expect(reply).toEqual({ status: 400, body: 'ERR_AMBIGUOUS_TOKEN' })
  })

  it('refuses a Basic header plus a Bearer header whose token differs from the cookie', async () => {
    const port = await serveVerification()
    const [token, other] = await Promise.all([fixture.mint(), fixture.mint({ key: fixture.nextKey })])
    const reply = await sendRaw(port, ['Authorization: Basic dXNlcjpwYXNz', `Authorization: Bearer ${token}`, `Cookie: hanko=${other}`])
    expect(reply).toEqual({ status: 400, body: 'ERR_AMBIGUOUS_TOKEN' })
  })

  it('accepts the same token sent twice, and a cookie sent in two Cookie headers', async () => {
    const port = await serveVerification()
    const token = await fixture.mint()
    expect(await sendRaw(port, [`Authorization: Bearer ${token}`, `authorization: bearer ${token}`])).toEqual({ status: 200, body: fixture.userId })
    expect(await sendRaw(port, ['Cookie: theme=dark', `Cookie: hanko=${token}`])).toEqual({ status: 200, body: fixture.userId })
  })

  it('refuses two Cookie headers carrying different session tokens', async () => {
    const port = await serveVerification()
    const [token, other] = await Promise.all([fixture.mint(), fixture.mint({ key: fixture.nextKey })])
    expect(await sendRaw(port, [`Cookie: hanko=${token}`, `Cookie: hanko=${other}`])).toEqual({ status: 400, body: 'ERR_AMBIGUOUS_TOKEN' })
  })
})
