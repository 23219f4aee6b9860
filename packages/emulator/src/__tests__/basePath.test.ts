import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createSessionVerifier, isSessionError } from '@hanko-session/core'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterEach, describe, expect, it } from 'vitest'
import { createNodeServer } from '../cli/nodeAdapter.js'
import { parseCliArgs } from '../cli/parseCliArgs.js'
import { type HankoEmulator, createHankoEmulator } from '../index.js'
import { createEmulator } from '../lib/createEmulator.js'
import { hankoHandlers } from '../msw.js'
import { API, type Json, bearer, fixedClock, freshEmulator } from './helpers.js'

const now = fixedClock()
const TENANT = '/6a4e3b1c-5f0d-4f5e-9a51-2c3e8d7b9f10'

/** One request to `${API}${path}` (the path includes any base path), read as JSON where there is a body. */
async function get(hanko: HankoEmulator, path: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: Json }> {
  const response = await hanko.fetch(new Request(`${API}${path}`, init))
  const text = await response.text()
  let body: Json = text
  try {
    body = JSON.parse(text)
  } catch {
    // HTML (the status page) stays text.
  }
  return { status: response.status, headers: response.headers, body }
}

function post(hanko: HankoEmulator, path: string, json?: unknown, headers: Record<string, string> = {}): ReturnType<typeof get> {
  return get(hanko, path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, ...(json === undefined ? {} : { body: JSON.stringify(json) }) })
}

describe('basePath', () => {
  it('is checked: a path of plain segments, a trailing slash dropped, "/" meaning the root', () => {
    expect(createHankoEmulator({ basePath: `${TENANT}/` }).basePath).toBe(TENANT)
    expect(createHankoEmulator({ basePath: '/' }).basePath).toBe('')
    expect(createHankoEmulator().basePath).toBe('')
    expect(createHankoEmulator({ basePath: '/eu/tenant-1' }).basePath).toBe('/eu/tenant-1')
    for (const basePath of ['tenant', '/a/../b', '/a//b', '/a b', '/%2e', '/a?b', 42]) {
      expect(() => createHankoEmulator({ basePath: basePath as string }), String(basePath)).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', message: expect.stringContaining('"basePath"') }),
      )
    }
  })

  it('serves Hanko’s routes, the status page and the dev routes under the prefix, and nothing outside it', async () => {
    const hanko = await freshEmulator({ now, basePath: TENANT })
    expect((await get(hanko, `${TENANT}/.well-known/jwks.json`)).body.keys).toHaveLength(1)
    expect((await get(hanko, `${TENANT}/health/alive`)).body).toEqual({ alive: true })
    expect((await get(hanko, `${TENANT}/`)).headers.get('content-type')).toBe('text/html; charset=UTF-8')
    // As a multi-tenant Hanko: the tenant's root without its slash is no route.
    expect((await get(hanko, TENANT)).status).toBe(404)
    for (const outside of ['/.well-known/jwks.json', '/', '/__emulator', `${TENANT}x/health/alive`, `/other${TENANT}/health/alive`]) {
      const answer = await get(hanko, outside)
      expect(answer.status, outside).toBe(404)
      expect(answer.headers.get('x-request-id')).toMatch(/^[A-Za-z]{32}$/)
    }
    expect((await post(hanko, `${TENANT}/__emulator/users`, { email: 'alice@example.com' })).status).toBe(201)
    expect(hanko.users.get('alice@example.com')).toBeDefined()
    const index = (await get(hanko, `${TENANT}/__emulator`)).body.routes as string[]
    expect(index).toContain(`GET    ${TENANT}/__emulator/passcodes/last?email=…`)
    expect(index.every((line) => line.includes(` ${TENANT}/__emulator`))).toBe(true)
    expect((await get(hanko, `${TENANT}/__emulator/nope`)).body.message).toContain(`GET ${TENANT}/__emulator lists them`)
  })

  it('runs a passcode login under the prefix: the action hrefs are relative to the API URL, as Hanko’s', async () => {
    const hanko = await freshEmulator({ now, basePath: TENANT })
    hanko.users.create('alice@example.com')
    let state = (await post(hanko, `${TENANT}/login`)).body
    const run = async (action: string, inputData: Record<string, unknown>): Promise<Json> => {
      const href = state.actions[action].href as string
      expect(href).toMatch(/^\/login\?action=/)
      const answer = await post(hanko, `${TENANT}${href}`, { input_data: inputData, csrf_token: state.csrf_token })
      state = answer.body
      return answer
    }
    await run('register_client_capabilities', { webauthn_available: false })
    await run('continue_with_login_identifier', { email: 'alice@example.com' })
    const success = await run('verify_passcode', { code: hanko.lastPasscode('alice@example.com') })
    expect(state.name).toBe('success')
    const token = success.headers.get('x-auth-token')!
    expect((await get(hanko, `${TENANT}/me`, { headers: bearer(token) })).status).toBe(200)
    expect((await get(hanko, '/me', { headers: bearer(token) })).status).toBe(404)
  })

  it('takes fault paths relative to the prefix', async () => {
    const hanko = await freshEmulator({ now, basePath: TENANT })
    hanko.faults.inject({ path: '/.well-known/jwks.json', kind: 'error', status: 502 })
    expect((await get(hanko, `${TENANT}/.well-known/jwks.json`)).status).toBe(502)
    expect(hanko.faults.list()[0]!.hits).toBe(1)
  })

  it('is the CLI’s --base-path', () => {
    expect(parseCliArgs(['--base-path', TENANT]).options.basePath).toBe(TENANT)
    expect(parseCliArgs([]).options.basePath).toBeUndefined()
  })
})

describe('@hanko-session/core with an apiUrl that has a path', () => {
  let server: Server | undefined
  afterEach(async () => {
    server?.closeAllConnections()
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
    server = undefined
  })

  it('verifies emulator tokens over HTTP: JWKS from <apiUrl>/.well-known/jwks.json, revocation at <apiUrl>/sessions/validate', async () => {
    const { keys } = await (await freshEmulator()).snapshot()
    const { controls: emulator, handle } = createEmulator({ basePath: TENANT, snapshot: { version: 1, keys, users: [], sessions: [] } })
    const paths: string[] = []
    server = createNodeServer((request) => {
      paths.push(`${request.method} ${request.path}`)
      return handle(request)
    })
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    const apiUrl = `http://localhost:${(server.address() as AddressInfo).port}${TENANT}`
    const verifier = createSessionVerifier({ apiUrl, audience: 'localhost', revocation: 'remote' })

    const { token, sessionId, userId } = await emulator.mintSessionToken({ email: 'alice@example.com' })
    expect((await verifier.verify(token)).userId).toBe(userId)
    expect(paths).toEqual([`GET ${TENANT}/.well-known/jwks.json`, `POST ${TENANT}/sessions/validate`])

    emulator.sessions.revoke(sessionId)
    await expect(verifier.verify(token)).rejects.toSatisfy((error) => isSessionError(error, 'ERR_SESSION_REVOKED'))
  })
})

describe('hankoHandlers with an apiUrl that has a path', () => {
  it('sends requests under the path to the emulator and leaves the rest to other handlers', async () => {
    const hanko = await freshEmulator({ now, basePath: TENANT })
    const server = setupServer(
      ...hankoHandlers(hanko, { apiUrl: `${API}${TENANT}` }),
      http.all(`${API}/*`, () => HttpResponse.json({ other: true }, { status: 418 })),
    )
    server.listen({ onUnhandledRequest: 'error' })
    try {
      expect((await (await fetch(`${API}${TENANT}/.well-known/jwks.json`)).json()).keys).toHaveLength(1)
      expect((await fetch(`${API}${TENANT}`)).status).toBe(404)
      expect((await fetch(`${API}/.well-known/jwks.json`)).status).toBe(418)
      expect((await fetch(`${API}${TENANT}x/health/alive`)).status).toBe(418)
    } finally {
      server.close()
    }
  })

  it('refuses an apiUrl whose path is not the emulator’s basePath, saying which it expects', async () => {
    const tenant = await freshEmulator({ now, basePath: TENANT })
    const root = await freshEmulator({ now })
    expect(() => hankoHandlers(root, { apiUrl: `${API}${TENANT}` })).toThrow(/origin without a path/)
    expect(() => hankoHandlers(tenant, { apiUrl: API })).toThrow(new RegExp(`basePath "${TENANT}"`))
    expect(() => hankoHandlers(tenant, { apiUrl: `${API}${TENANT}?x=1` })).toThrow(/query or fragment/)
    expect(hankoHandlers(tenant, { apiUrl: `${API}${TENANT}/` })).toHaveLength(2)
    expect(() => hankoHandlers(root, { apiUrl: `${API}/t` })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }))
  })
})
