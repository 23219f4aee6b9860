import type { Duration } from '../Duration.js'
import { SessionClientError } from '../SessionClientError.js'

// Twin of `parseDuration` in `@hanko-session/core` (STYLE 25: the client imports only core's types).

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** Milliseconds in `value`, or a `SessionClientError` `ERR_INVALID_OPTIONS` naming the option. */
export function parseDuration(value: Duration, option: string): number {
  if (typeof value === 'number' || /^\d+$/.test(value)) {
    if (Number.isFinite(value = Number(value)) && value >= 0) return value * 1_000
  } else if (/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(value)) {
    let total = 0
    for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) total += Number(amount) * UNIT_MS[unit!]!
    return total
  }
  throw new SessionClientError('ERR_INVALID_OPTIONS', `"${option}" must be a duration like '30s', got ${JSON.stringify(value)}`)
}
