import type { Duration } from '../Duration.js'
import { SessionClientError } from '../SessionClientError.js'

// Twin of `parseDuration` in `@hanko-session/core` (STYLE 25: the client imports only core's types, so
// no jose reaches a browser bundle). Same forms: units or a sum of them, seconds as a number or a
// string of digits, surrounding spaces ignored, whole milliseconds.
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** Whole milliseconds in `value`, or a `SessionClientError` `ERR_INVALID_OPTIONS` naming the option. */
export function parseDuration(value: Duration, option: string): number {
  // Numbers go through their text too: `1e300`, `NaN` or `-1` are then refused like any bad text.
  const text = String(value).trim()
  let total = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1_000 : /^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(text) ? 0 : NaN
  for (const [, amount, unit] of total === 0 ? text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g) : []) total += Number(amount) * UNIT_MS[unit!]!
  total = Math.round(total)
  if (Number.isSafeInteger(total)) return total
  throw new SessionClientError('ERR_INVALID_OPTIONS', `"${option}" must be a duration like '30s', got ${JSON.stringify(value)}`)
}
