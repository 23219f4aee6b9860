import type { BrowserContext, Page } from 'playwright-core'

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Collects what must not happen on the page: an uncaught error, a console error nobody announced, a
 * failed request, or any request to a host other than localhost (the elements must run offline).
 */
export class PageWatch {
  private problems: string[] = []
  private allowed: RegExp[] = []

  constructor(context: BrowserContext, page: Page) {
    context.on('request', (request) => {
      const url = new URL(request.url())
      if (url.protocol !== 'data:' && !LOCAL_HOSTS.has(url.hostname)) this.problems.push(`request to a foreign host: ${request.method()} ${request.url()}`)
    })
    context.on('requestfailed', (request) => this.problems.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`))
    page.on('pageerror', (error) => this.problems.push(`page error: ${error.stack ?? error.message}`))
    page.on('console', (message) => {
      if (message.type() !== 'error') return
      const line = `${message.text()} ${message.location().url}`
      const index = this.allowed.findIndex((pattern) => pattern.test(line))
      if (index === -1) this.problems.push(`console error: ${line}`)
      else this.allowed.splice(index, 1)
    })
  }

  /**
   * Lets one console error matching `pattern` through, e.g. Chromium's "Failed to load resource: … 400"
   * for a wrong passcode, which Hanko answers with a 400 that the element shows as a form error.
   */
  allowConsoleError(pattern: RegExp): void {
    this.allowed.push(pattern)
  }

  /** What went wrong since the last call; forgets it and any allowance not used. */
  takeProblems(): string[] {
    const problems = this.problems
    this.problems = []
    this.allowed = []
    return problems
  }
}
