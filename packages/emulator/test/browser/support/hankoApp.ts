import type { BrowserContext, Locator, Page } from 'playwright-core'

/** What `app/app.js` records on `window.hankoLog`. */
interface HankoLog {
  readonly events: readonly string[]
  readonly states: readonly string[]
}

declare global {
  interface Window {
    hankoLog: HankoLog
    hanko: { getSessionToken(): string | undefined }
  }
}

/**
 * The test app as a user sees it, plus waits on the flow states the elements render. The elements
 * show a flow's first state, then re-dispatch it 500 ms later and re-render; input typed before that
 * second dispatch is lost and the flow freezes (protocol §6.9). So every flow start waits for that
 * second dispatch, and every action for the state it leads to: no fixed sleeps.
 */
export class HankoApp {
  readonly auth: Locator
  readonly profile: Locator
  readonly session: Locator

  constructor(
    readonly page: Page,
    readonly context: BrowserContext,
  ) {
    this.auth = page.locator('hanko-auth')
    this.profile = page.locator('hanko-profile')
    this.session = page.locator('#session')
  }

  /** Opens the app against `apiUrl` and waits for the sign-in form to settle. */
  async open(appUrl: string, apiUrl: string): Promise<void> {
    await this.startsFlow('login_init', () => this.page.goto(`${appUrl}/?api=${encodeURIComponent(apiUrl)}`).then(() => undefined))
  }

  /** Runs `action`, which starts a flow, and waits until its first state `name` has been re-dispatched. */
  async startsFlow(name: string, action: () => Promise<void>): Promise<void> {
    const since = await this.mark()
    await action()
    await this.waitForState(name, since, 2)
  }

  /** Runs `action`, which submits a form, and waits until the elements have rendered the state `name`. */
  async leadsTo(name: string, action: () => Promise<void>): Promise<void> {
    const since = await this.mark()
    await action()
    await this.waitForState(name, since, 1)
  }

  /** How many flow states have been rendered so far (0 before the app script ran). */
  mark(): Promise<number> {
    return this.page.evaluate(() => window.hankoLog?.states.length ?? 0)
  }

  /** Waits until state `name` has been dispatched `times` times after the first `since` states. */
  async waitForState(name: string, since: number, times: number): Promise<void> {
    await this.page.waitForFunction(
      ([name, since, times]) => (window.hankoLog?.states.slice(since).filter((state) => state === name).length ?? 0) >= times,
      [name, since, times] as const,
    )
  }

  /** The SDK's document events (`hanko-session-created`, …) in the order they fired. */
  events(): Promise<readonly string[]> {
    return this.page.evaluate(() => window.hankoLog.events)
  }

  /** Types a passcode into the six digit inputs, a key at a time as a person would (the inputs are controlled). */
  async typePasscode(code: string): Promise<void> {
    await this.auth.getByRole('textbox', { name: 'code-digit-1' }).click()
    await this.page.keyboard.type(code, { delay: 40 })
  }

  /** The `hanko` cookie the browser holds for the app's host, if any. */
  async hankoCookie(): Promise<{ value: string; httpOnly: boolean } | undefined> {
    return (await this.context.cookies(this.page.url())).find((cookie) => cookie.name === 'hanko')
  }
}
