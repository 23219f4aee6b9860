import type { BrowserContext, Locator, Page } from 'playwright-core'

/** What `app/app.js` shows in `#state` and records in `window.sessionLog`. */
export interface ShownState {
  readonly status: 'loading' | 'authenticated' | 'unauthenticated'
  readonly reason?: string
  readonly email?: string
}
interface SessionLog {
  readonly states: readonly (ShownState & { readonly at: number })[]
  readonly flowStates: readonly string[]
  readonly logoutClickedAt?: number
}

declare global {
  interface Window {
    sessionLog: SessionLog
  }
}

/** Where the test app runs and how the store is configured. */
export interface AppOptions {
  readonly appUrl: string
  readonly apiUrl: string
  /** The store's `checkInterval` and the elements' `sessionCheckInterval`, in seconds (default 30). */
  readonly checkIntervalSeconds?: number
  /** Whether `<hanko-auth>` is on the page and the store gets the elements' Hanko instance (default yes). */
  readonly elements?: boolean
}

/**
 * One tab of the test app. The elements show a flow's first state, then re-dispatch it and re-render;
 * input typed before that loses keystrokes. So flow starts wait for the second dispatch, every filled
 * field is read back before submitting, and every action waits for the state it leads to.
 */
export class SessionApp {
  readonly auth: Locator
  readonly state: Locator

  private constructor(readonly page: Page) {
    this.auth = page.locator('hanko-auth')
    this.state = page.locator('#state')
  }

  /** Opens the app in a new tab of `context`; with the elements, waits for the sign-in form to settle. */
  static async open(context: BrowserContext, options: AppOptions): Promise<SessionApp> {
    const app = new SessionApp(await context.newPage())
    const query = new URLSearchParams({ api: options.apiUrl, checkInterval: String(options.checkIntervalSeconds ?? 30) })
    if (options.elements === false) query.set('elements', '0')
    await app.page.goto(`${options.appUrl}/?${query.toString()}`)
    return app
  }

  /** What the store's state is now. */
  async shown(): Promise<ShownState | undefined> {
    const text = await this.state.textContent()
    return text?.startsWith('{') ? (JSON.parse(text) as ShownState) : undefined
  }

  /** Waits until the store shows `status` (and `reason`, when given). */
  async waitForStatus(status: ShownState['status'], reason?: string, timeout = 30_000): Promise<void> {
    await this.page.waitForFunction(
      ([status, reason]) => {
        const text = document.querySelector('#state')?.textContent ?? ''
        if (!text.startsWith('{')) return false
        const shown = JSON.parse(text) as { status: string; reason?: string }
        return shown.status === status && (reason === undefined || shown.reason === reason)
      },
      [status, reason] as const,
      { timeout },
    )
  }

  /** Waits until the elements have dispatched flow state `name` `times` times after the first `since`. */
  async waitForFlowState(name: string, since: number, times: number): Promise<void> {
    await this.page.waitForFunction(
      ([name, since, times]) => (window.sessionLog?.flowStates.slice(since).filter((state) => state === name).length ?? 0) >= times,
      [name, since, times] as const,
    )
  }

  /** Runs `action` and waits until the elements have rendered flow state `name` after it. */
  async leadsTo(name: string, action: () => Promise<void>): Promise<void> {
    const since = await this.page.evaluate(() => window.sessionLog.flowStates.length)
    await action()
    await this.waitForFlowState(name, since, 1)
  }

  /** Fills a field of `<hanko-auth>` and reads it back: a re-render may have dropped the keystrokes. */
  async fill(field: Locator, value: string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      await field.fill(value)
      if ((await field.inputValue()) === value) return
    }
    throw new Error(`the field kept losing "${value}"`)
  }

  /** Types a passcode into the six digit inputs, a key at a time as a person would (they are controlled). */
  async typePasscode(code: string): Promise<void> {
    await this.auth.getByRole('textbox', { name: 'code-digit-1' }).click()
    await this.page.keyboard.type(code, { delay: 40 })
  }

  /** The store's states with the time each arrived, and when the logout button was clicked. */
  log(): Promise<SessionLog> {
    return this.page.evaluate(() => window.sessionLog)
  }
}
