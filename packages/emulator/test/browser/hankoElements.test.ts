import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type AppServer, startAppServer } from './support/appServer.js'
import { launchChromium } from '@hanko-session/build-config/chromium'
import { type RunningEmulator, startEmulatorCli } from './support/emulatorCli.js'
import { HankoApp } from './support/hankoApp.js'
import { PageWatch } from './support/pageWatch.js'

/**
 * Issue #3, "Proof that it is faithful" §2: the published, unmodified `@teamhanko/hanko-elements`
 * 2.7.0 in Chromium, on an app at one localhost port, against the built `hanko-emulator` CLI at
 * another (cross-origin, same-site), in both token delivery modes. Each step is one user journey
 * step; a step runs only if the ones before it passed.
 */

interface EmulatorUserJson {
  readonly id: string
  readonly email: string
}
interface EmulatorSessionJson {
  readonly id: string
  readonly userId: string
}

const WRONG_PASSCODE_400 = /status of 400 .*\/registration\?action=verify_passcode%40/

let browser: Browser
let app: AppServer

beforeAll(async () => {
  ;[browser, app] = await Promise.all([launchChromium(), startAppServer()])
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

describe.each([
  { mode: 'header mode', args: [], httpOnly: false },
  { mode: 'cookie mode', args: ['--cookie-mode'], httpOnly: true },
])('<hanko-auth> and <hanko-profile> against hanko-emulator in $mode', ({ mode, args, httpOnly }) => {
  const email = `${mode.replace(' ', '-')}@example.com`
  let emulator: RunningEmulator
  let context: BrowserContext
  let hanko: HankoApp
  let watch: PageWatch
  let failed = false
  /** The token of the live session, read from the browser's cookie jar. */
  let token: string
  /** The flow-state count when the second sign-in began: <hanko-profile> mounts after it. */
  let signedInAt: number

  const users = async (): Promise<readonly EmulatorUserJson[]> => (await emulator.dev<{ users: EmulatorUserJson[] }>('users')).users
  const sessions = async (): Promise<readonly EmulatorSessionJson[]> => (await emulator.dev<{ sessions: EmulatorSessionJson[] }>('sessions')).sessions
  const validate = async (bearer: string): Promise<{ is_valid: boolean; user_id?: string }> => {
    const response = await fetch(`${emulator.url}/sessions/validate`, { headers: { authorization: `Bearer ${bearer}` } })
    return (await response.json()) as { is_valid: boolean; user_id?: string }
  }

  beforeAll(async () => {
    emulator = await startEmulatorCli(...args)
    context = await browser.newContext()
    const page = await context.newPage()
    watch = new PageWatch(context, page)
    hanko = new HankoApp(page, context)
    await hanko.open(app.url, emulator.url)
  })
  afterAll(async () => {
    await context?.close()
    await emulator?.stop()
  })
  beforeEach(({ skip }) => {
    if (failed) skip('an earlier step failed')
  })
  afterEach(({ task }) => {
    const problems = watch.takeProblems()
    if (task.result?.state === 'fail' || problems.length > 0) failed = true
    expect(problems, 'page errors, unexpected console errors or requests leaving localhost').toEqual([])
  })

  it('shows the sign-in form to a visitor without a session', async () => {
    await hanko.auth.getByRole('heading', { name: 'Sign in' }).waitFor()
    expect(await hanko.session.textContent()).toBe('signed out')
    expect(await users()).toEqual([])
  })

  it('registers a new address: refuses a wrong passcode, then starts a session with the right one', async () => {
    await hanko.startsFlow('registration_init', () => hanko.auth.getByRole('button', { name: 'Create account' }).click())
    await hanko.auth.getByRole('heading', { name: 'Create account' }).waitFor()
    await hanko.auth.getByPlaceholder('Email').fill(email)
    await hanko.leadsTo('passcode_confirmation', () => hanko.auth.getByRole('button', { name: 'Continue' }).click())
    await hanko.auth.getByText(email).waitFor()

    const code = await emulator.passcode(email)
    await expect.poll(() => emulator.output()).toContain(`passcode  ${email}: ${code}  (registration`)
    const wrong = code.replace(/\d/g, (digit) => String((Number(digit) + 1) % 10))
    watch.allowConsoleError(WRONG_PASSCODE_400)
    await hanko.leadsTo('passcode_confirmation', () => hanko.typePasscode(wrong))
    await hanko.auth.getByText('The passcode provided was not correct.').waitFor()
    expect(await users(), 'no account before the address is proven').toEqual([])

    await hanko.leadsTo('success', () => hanko.typePasscode(code))
    // The app shows the address from GET /me, which it calls on hanko-session-created.
    await hanko.session.filter({ hasText: `signed in as ${email}` }).waitFor()
    expect(await hanko.events()).toEqual(['hanko-session-created'])
    const [user] = await users()
    expect(user).toMatchObject({ email })
    expect(await sessions()).toEqual([expect.objectContaining({ userId: user!.id })])

    const cookie = await hanko.hankoCookie()
    expect(cookie, 'the session token in the browser').toMatchObject({ httpOnly })
    token = cookie!.value
    expect(await validate(token)).toMatchObject({ is_valid: true, user_id: user!.id })
    // Header mode: the SDK read X-Auth-Token and holds the token. Cookie mode: only the browser does.
    expect(await hanko.page.evaluate(() => window.hanko.getSessionToken())).toBe(httpOnly ? undefined : token)
  })

  it('logs out: the emulator ends the session and the sign-in form comes back', async () => {
    await hanko.startsFlow('registration_init', () => hanko.page.getByRole('button', { name: 'Log out' }).click())
    await hanko.session.filter({ hasText: 'signed out' }).waitFor()
    expect(await hanko.events()).toEqual(['hanko-session-created', 'hanko-user-logged-out'])
    expect(await sessions()).toEqual([])
    expect(await validate(token)).toEqual({ is_valid: false })
    expect(await hanko.hankoCookie(), 'logout removes the token from the browser').toBeUndefined()
  })

  it('logs in again with a passcode', async () => {
    await hanko.startsFlow('login_init', () => hanko.auth.getByRole('button', { name: 'Sign in' }).click())
    await hanko.auth.getByPlaceholder('Email').fill(email)
    await hanko.leadsTo('passcode_confirmation', () => hanko.auth.getByRole('button', { name: 'Continue' }).click())
    const code = await emulator.passcode(email)
    await expect.poll(() => emulator.output()).toContain(`passcode  ${email}: ${code}  (login`)
    signedInAt = await hanko.mark()
    await hanko.leadsTo('success', () => hanko.typePasscode(code))

    await hanko.session.filter({ hasText: `signed in as ${email}` }).waitFor()
    expect(await hanko.events()).toEqual(['hanko-session-created', 'hanko-user-logged-out', 'hanko-session-created'])
    const [session] = await sessions()
    token = (await hanko.hankoCookie())!.value
    expect(await validate(token)).toMatchObject({ is_valid: true, user_id: session!.userId })
  })

  it('shows the email address and the current session in <hanko-profile>', async () => {
    // The app mounts <hanko-profile> once signed in; its flow starts like any other.
    await hanko.waitForState('profile_init', signedInAt, 2)
    await hanko.profile.getByRole('heading', { name: 'Emails' }).waitFor()
    await hanko.profile.getByText(`${email} - primary`).waitFor()
    await hanko.profile.getByRole('heading', { name: 'Sessions' }).waitFor()
    await hanko.profile.getByText('- Current session').waitFor()
    expect(await hanko.profile.getByRole('radio', { name: /Current session/ }).count()).toBe(1)
    expect(await sessions()).toHaveLength(1)
  })

  it('deletes the account from <hanko-profile>: the user, its sessions and its token are gone', async () => {
    await hanko.profile.getByRole('button', { name: 'Delete account' }).click()
    await hanko.profile.getByText('Are you sure you want to delete this account?').waitFor()
    await hanko.profile.getByRole('checkbox', { name: 'Yes, delete this account.' }).check()
    await hanko.startsFlow('login_init', () => hanko.profile.getByRole('button', { name: 'Delete', exact: true }).click())

    await hanko.session.filter({ hasText: 'account deleted' }).waitFor()
    expect((await hanko.events()).at(-1)).toBe('hanko-user-deleted')
    expect(await users()).toEqual([])
    expect(await sessions()).toEqual([])
    expect(await validate(token)).toEqual({ is_valid: false })
    expect(await hanko.hankoCookie(), 'the deleting Set-Cookie removed the token').toBeUndefined()

    // Signing in with the address again finds no account: Hanko's privacy default shows the
    // passcode page but mails no code.
    await hanko.auth.getByPlaceholder('Email').fill(email)
    await hanko.leadsTo('passcode_confirmation', () => hanko.auth.getByRole('button', { name: 'Continue' }).click())
    await expect.poll(() => emulator.output()).toContain(`passcode  ${email}: none sent (no account has this address`)
  })
})
