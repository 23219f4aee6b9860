import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type AppServer, startAppServer } from './support/appServer.js'
import { launchChromium } from '@hanko-session/build-config/chromium'
import { type RunningEmulator, startEmulatorCli } from './support/emulatorCli.js'
import { SessionApp } from './support/sessionApp.js'

/**
 * Issue #8, Proof "In Chromium": the built store with the published, unmodified
 * `@teamhanko/hanko-elements` 2.7.0 in Debian's Chromium, on an app at one localhost port, against the
 * built `hanko-emulator` CLI at another. The figures (logout latency, checks per interval) are printed.
 */

/** The store's `checkInterval`, and the elements' `sessionCheckInterval` (their SDK's minimum is 3 s). */
const CHECK_INTERVAL_MS = 3_000
/** How many check intervals the idle tabs are watched for. */
const INTERVALS = 5

let browser: Browser
let app: AppServer
let emulator: RunningEmulator
const pageErrors: string[] = []

/** Records what must not happen on a page: an uncaught error. */
function watch(page: Page): void {
  page.on('pageerror', (error) => pageErrors.push(`${error.name}: ${error.message}`))
}

beforeAll(async () => {
  ;[browser, app, emulator] = await Promise.all([launchChromium(), startAppServer(), startEmulatorCli('--quiet')])
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
  await emulator?.stop()
})
afterEach(() => {
  expect(pageErrors.splice(0), 'uncaught errors on the pages').toEqual([])
})

describe('the store with <hanko-auth> in two tabs', () => {
  const email = 'tabs@example.com'
  let context: BrowserContext
  let first: SessionApp
  let second: SessionApp
  let failed = false

  beforeAll(async () => {
    context = await browser.newContext()
    context.on('page', watch)
  })
  afterAll(async () => {
    await context?.close()
  })
  beforeEach(({ skip }) => {
    if (failed) skip('an earlier step failed')
  })
  afterEach(({ task }) => {
    if (task.result?.state === 'fail') failed = true
  })

  it('logs in with an emailed passcode through the real <hanko-auth>: the store becomes authenticated', async () => {
    await emulator.dev('users', { email })
    first = await SessionApp.open(context, { appUrl: app.url, apiUrl: emulator.url })
    // The first flow state is dispatched twice; typing before the second one loses keystrokes.
    await first.waitForFlowState('login_init', 0, 2)
    await first.waitForStatus('unauthenticated', 'never_authenticated')

    await first.fill(first.auth.getByPlaceholder('Email'), email)
    await first.leadsTo('passcode_confirmation', () => first.auth.getByRole('button', { name: 'Continue' }).click())
    const code = await emulator.passcode(email)
    await first.leadsTo('success', () => first.typePasscode(code))

    await first.waitForStatus('authenticated')
    expect(await first.shown()).toEqual({ status: 'authenticated', email })
  })

  it('a second tab is authenticated too, and a logout in the first signs it out within 1 s', async () => {
    second = await SessionApp.open(context, { appUrl: app.url, apiUrl: emulator.url })
    await second.waitForStatus('authenticated')
    expect(await second.shown()).toEqual({ status: 'authenticated', email })

    await first.page.getByRole('button', { name: 'Log out' }).click()
    await second.waitForStatus('unauthenticated', 'logged_out')
    await first.waitForStatus('unauthenticated', 'logged_out')
    const clickedAt = (await first.log()).logoutClickedAt!
    const signedOutAt = (await second.log()).states.find((state) => state.at >= clickedAt && state.status === 'unauthenticated')!.at
    const latencyMs = signedOutAt - clickedAt
    console.info(`cross-tab logout: the second tab was signed out ${latencyMs} ms after the click in the first`)
    expect(latencyMs).toBeLessThan(1_000)
    expect(await second.shown()).toEqual({ status: 'unauthenticated', reason: 'logged_out' })
  })
})

describe.each([
  { variant: 'the store alone', elements: false },
  { variant: 'the store with the elements', elements: true },
])('three idle signed-in tabs: $variant', ({ variant, elements }) => {
  let context: BrowserContext

  beforeEach(async () => {
    context = await browser.newContext()
    context.on('page', watch)
  })
  afterEach(async () => {
    await context?.close()
  })

  it(`checks the session at most once per interval for the whole browser${elements ? ' (figure only)' : ''}`, async () => {
    const email = `idle-${elements ? 'elements' : 'store'}@example.com`
    const { token } = await emulator.dev<{ token: string }>('sessions', { email })
    // Header mode: the SDK reads the session from the JS-readable `hanko` cookie of the app's host.
    await context.addCookies([{ name: 'hanko', value: token, url: app.url }])
    const validations: number[] = []
    context.on('request', (request) => {
      if (request.method() !== 'OPTIONS' && new URL(request.url()).pathname === '/sessions/validate') validations.push(Date.now())
    })

    const tabs: SessionApp[] = []
    for (let tab = 0; tab < 3; tab++) tabs.push(await SessionApp.open(context, { appUrl: app.url, apiUrl: emulator.url, checkIntervalSeconds: CHECK_INTERVAL_MS / 1_000, elements }))
    await Promise.all(tabs.map((tab) => tab.waitForStatus('authenticated')))

    // The window opens at the first check after start-up and holds INTERVALS more; half an interval of
    // slack at the end absorbs timer jitter without letting in one more check.
    const settled = validations.length
    await expect.poll(() => validations.length, { timeout: 4 * CHECK_INTERVAL_MS }).toBeGreaterThan(settled)
    const openedAt = validations[settled]!
    const closesAt = openedAt + (INTERVALS + 0.5) * CHECK_INTERVAL_MS
    await new Promise((resolve) => setTimeout(resolve, closesAt - Date.now()))
    const perInterval = validations.filter((at) => at > openedAt && at <= closesAt).length / INTERVALS

    console.info(`three idle tabs, ${variant}: ${perInterval.toFixed(2)} /sessions/validate per ${CHECK_INTERVAL_MS / 1_000} s check interval`)
    for (const tab of tabs) expect((await tab.shown())?.status).toBe('authenticated')
    // The elements' own SDK copy keeps its poller (its channel, not the store's lock): a known extra,
    // so that figure is reported, not asserted.
    if (!elements) expect(perInterval).toBeLessThanOrEqual(1)
  })
})
