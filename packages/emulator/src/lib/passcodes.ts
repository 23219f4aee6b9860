import type { PasscodeEvent } from '../HankoEmulatorOptions.js'
import { BoundedMap } from './boundedMap.js'
import { constantTimeEqual, numericPasscode } from './ids.js'
import { LIMITS } from './limits.js'

/** Hanko's passcode tries before `passcode_max_attempts_reached`. */
const MAX_TRIES = 3
const RATE_WINDOW_MS = 60_000

/** Hanko's mail templates; the two `…_attempted` mails carry no code. */
export type PasscodeTemplate = 'login' | 'email_verification' | 'email_login_attempted' | 'email_registration_attempted'

export interface PasscodeRecord {
  readonly email: string
  readonly code: string
  readonly expiresAt: number
  tries: number
}

export type PasscodeCheck = 'valid' | 'invalid' | 'max_attempts'

/**
 * Issues, "mails" and checks passcodes. A code lives in its flow (one per flow, as in Hanko's stash);
 * the desk remembers the last delivered code per address for `lastPasscode()` and the dev route, and
 * applies Hanko's rate limit: a number of mails per minute per client and address.
 */
export class PasscodeDesk {
  private readonly mailbox = new BoundedMap<string, string>(LIMITS.maxPasscodeMailbox)
  private readonly windows = new BoundedMap<string, { start: number; count: number }>(LIMITS.maxRateLimitKeys)

  constructor(
    private readonly ttlMs: number,
    private readonly ratePerMinute: number,
    private readonly now: () => number,
    private readonly notify: (event: PasscodeEvent) => void,
  ) {}

  /** Takes one mail from the rate limit; when none is left, says how many seconds until one is. */
  take(client: string, email: string): { ok: true } | { ok: false; resendAfter: number } {
    if (this.ratePerMinute === 0) return { ok: true }
    const key = `${client}\n${email}`
    const now = this.now()
    let window = this.windows.get(key)
    if (window === undefined || now - window.start >= RATE_WINDOW_MS) window = { start: now, count: 0 }
    if (window.count >= this.ratePerMinute) {
      return { ok: false, resendAfter: Math.max(0, Math.floor((window.start + RATE_WINDOW_MS - now) / 1000)) }
    }
    window.count++
    this.windows.set(key, window)
    return { ok: true }
  }

  /** Creates a code and "mails" it; templates without a code still create one, as Hanko does, but nobody sees it. */
  send(email: string, template: PasscodeTemplate, flow: PasscodeEvent['flow']): PasscodeRecord {
    const record: PasscodeRecord = { email, code: numericPasscode(), expiresAt: this.now() + this.ttlMs, tries: 0 }
    const delivered = template === 'login' || template === 'email_verification'
    if (delivered) this.mailbox.set(email, record.code)
    try {
      this.notify({ email, code: delivered ? record.code : undefined, flow, template, expiresAt: new Date(record.expiresAt) })
    } catch {
      // A failing hook must not break the flow; the code is still readable through lastPasscode().
    }
    return record
  }

  /** Whether `record` is still valid and unexhausted (then Hanko sends no new mail on re-entry). */
  usable(record: PasscodeRecord | undefined): boolean {
    return record !== undefined && record.expiresAt > this.now() && record.tries < MAX_TRIES
  }

  /** Checks a code, counting a wrong one as a try. */
  check(record: PasscodeRecord | undefined, code: string): PasscodeCheck {
    if (record === undefined || record.expiresAt <= this.now()) return 'invalid'
    if (record.tries >= MAX_TRIES) return 'max_attempts'
    if (constantTimeEqual(record.code, code)) return 'valid'
    record.tries++
    return record.tries >= MAX_TRIES ? 'max_attempts' : 'invalid'
  }

  /** The last code mailed to `email` (whether or not it is still valid). */
  last(email: string): string | undefined {
    return this.mailbox.get(email.trim().toLowerCase())
  }

  clear(): void {
    this.mailbox.clear()
    this.windows.clear()
  }
}
