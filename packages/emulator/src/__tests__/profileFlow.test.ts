import { describe, expect, it } from 'vitest'
import { parseCliArgs } from '../cli/parseCliArgs.js'
import { type HankoEmulator, type HankoEmulatorOptions, createHankoEmulator } from '../index.js'
import { type Json, act, bearer, call, fixedClock, freshEmulator, startFlow } from './helpers.js'

const now = fixedClock()

/** Alice with a second, verified address, and her profile_init state. */
async function aliceWithTwoAddresses(options: HankoEmulatorOptions = {}): Promise<{ hanko: HankoEmulator; auth: Record<string, string>; profile: Json }> {
  const hanko = await freshEmulator({ now, ...options })
  const auth = bearer((await hanko.mintSessionToken({ email: 'alice@example.com' })).token)
  const start = await startFlow(hanko, 'profile', auth)
  const passcode = await act(hanko, start.body, 'email_create', { email: 'alice@work.example' }, auth)
  const profile = await act(hanko, passcode.body, 'verify_passcode', { code: hanko.lastPasscode('alice@work.example') }, auth)
  expect(profile.body.name).toBe('profile_init')
  return { hanko, auth, profile: profile.body }
}

function emailId(state: Json, address: string): string {
  const emails: { id: string; address: string }[] = state.payload.user.emails
  return emails.find((email) => email.address === address)!.id
}

describe('Flow API: the profile as Hanko v3 answers it', () => {
  it('answers email_set_primary with an unknown id with 404 not_found and keeps profile_init', async () => {
    const { hanko, auth, profile } = await aliceWithTwoAddresses()
    expect(profile.actions.email_set_primary.inputs.email_id).toEqual({ name: 'email_id', type: 'string', required: true, hidden: true })
    const answer = await act(hanko, profile, 'email_set_primary', { email_id: '00000000-0000-4000-8000-000000000000' }, auth)
    expect(answer.status).toBe(404)
    expect(answer.body).toMatchObject({ name: 'profile_init', status: 404, error: { code: 'not_found', message: 'The requested resource was not found.' } })
    expect(answer.body.actions.email_set_primary.inputs.email_id.error).toBeUndefined()
    expect(hanko.users.get('alice@example.com')?.email).toBe('alice@example.com')
    const primary = await act(hanko, answer.body, 'email_set_primary', { email_id: emailId(profile, 'alice@work.example') }, auth)
    expect(primary.status).toBe(200)
    expect(hanko.users.get('alice@example.com')?.email).toBe('alice@work.example')
  })

  it('lists email_delete’s allowed values as the id with the address as its name', async () => {
    const { hanko, auth, profile } = await aliceWithTwoAddresses()
    const work = emailId(profile, 'alice@work.example')
    expect(profile.actions.email_delete.inputs.email_id.allowed_values).toEqual([{ value: work, name: 'alice@work.example' }])
    const wrong = await act(hanko, profile, 'email_delete', { email_id: emailId(profile, 'alice@example.com') }, auth)
    expect(wrong.status).toBe(400)
    expect(wrong.body.actions.email_delete.inputs.email_id.error).toEqual({ code: 'value_invalid_error', message: `The value is invalid. Must be one of: ${work}` })
    const deleted = await act(hanko, wrong.body, 'email_delete', { email_id: work }, auth)
    expect(deleted.body.payload.user.emails.map((email: { address: string }) => email.address)).toEqual(['alice@example.com'])
  })

  it('omits public_metadata from the user, and metadata altogether once it is empty', async () => {
    const hanko = await freshEmulator({ now })
    const { token } = await hanko.mintSessionToken({ email: 'alice@example.com' })
    const auth = bearer(token)
    const profile = await startFlow(hanko, 'profile', auth)
    expect(profile.body.payload.user.metadata).toBeUndefined()
    const patched = await act(hanko, profile.body, 'patch_metadata', { patch_metadata: { theme: 'dark' } }, auth)
    expect(patched.body.payload.user.metadata).toEqual({ unsafe_metadata: { theme: 'dark' } })
    expect((await call(hanko, '/me', { headers: auth })).body.metadata).toEqual({ unsafe_metadata: { theme: 'dark' } })
    const emptied = await act(hanko, patched.body, 'patch_metadata', { patch_metadata: { theme: null } }, auth)
    expect(emptied.body.payload.user).not.toHaveProperty('metadata')
  })
})

describe('Flow API: accountDeletion (Hanko’s account.allow_deletion)', () => {
  it('offers account_delete by default', async () => {
    const hanko = await freshEmulator({ now })
    const auth = bearer((await hanko.mintSessionToken({ email: 'alice@example.com' })).token)
    expect((await startFlow(hanko, 'profile', auth)).body.actions.account_delete).toEqual(expect.objectContaining({ action: 'account_delete' }))
  })

  it('neither offers nor runs account_delete when it is off', async () => {
    const hanko = await freshEmulator({ now, accountDeletion: false })
    const auth = bearer((await hanko.mintSessionToken({ email: 'alice@example.com' })).token)
    const profile = await startFlow(hanko, 'profile', auth)
    expect(profile.body.name).toBe('profile_init')
    expect(profile.body.actions.account_delete).toBeUndefined()
    const href = profile.body.actions.patch_metadata.href.replace('patch_metadata', 'account_delete')
    const refused = await call(hanko, href, { json: { input_data: {}, csrf_token: profile.body.csrf_token }, headers: auth })
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('operation_not_permitted_error')
    expect(hanko.users.list()).toHaveLength(1)
  })

  it('refuses a value that is not a boolean with ERR_INVALID_OPTIONS', () => {
    expect(() => createHankoEmulator({ accountDeletion: 'no' } as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS' }))
  })

  it('is on by default on the command line, and --no-account-deletion turns it off', () => {
    expect(parseCliArgs([]).options.accountDeletion).toBe(true)
    expect(parseCliArgs(['--no-account-deletion']).options.accountDeletion).toBe(false)
  })
})
