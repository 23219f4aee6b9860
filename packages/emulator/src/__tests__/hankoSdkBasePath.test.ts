// @vitest-environment jsdom
import { Hanko } from '@teamhanko/hanko-frontend-sdk'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHankoEmulator } from '../index.js'
import { hankoHandlers } from '../msw.js'
import { API, type Json } from './helpers.js'

/** A multi-tenant Hanko serves each tenant under `/<tenant-id>`; the SDK's apiUrl then has that path. */
const TENANT = '/6a4e3b1c-5f0d-4f5e-9a51-2c3e8d7b9f10'
const emulator = createHankoEmulator({ basePath: TENANT })
const server = setupServer(...hankoHandlers(emulator, { apiUrl: `${API}${TENANT}` }))

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

describe('@teamhanko/hanko-frontend-sdk with an apiUrl that has a path', () => {
  it('logs in with a passcode and reads the session, every request under the tenant path', async () => {
    const alice = emulator.users.create('alice@example.com')
    const hanko = new Hanko(`${API}${TENANT}`, { sessionCheckInterval: 3_600_000 })
    const init: Json = await hanko.createState('login')
    const passcode: Json = await init.actions.continue_with_login_identifier.run({ email: 'alice@example.com' })
    const success: Json = await passcode.actions.verify_passcode.run({ code: emulator.lastPasscode('alice@example.com')! })
    expect(success.name).toBe('success')
    expect(success.payload.claims.subject).toBe(alice.id)
    expect(await hanko.getCurrentUser()).toMatchObject({ user_id: alice.id })
    expect(await hanko.validateSession()).toMatchObject({ is_valid: true })
    expect(emulator.sessions.list({ userId: alice.id })).toHaveLength(1)
  })
})
