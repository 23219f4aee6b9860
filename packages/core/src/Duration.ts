/**
 * A length of time, in the one form every duration option of hanko-session accepts (core's
 * `clockTolerance`, `revocation.timeout`, `revocation.cacheTtl`, `revocation.failOpen.maxStaleness`,
 * and every duration of `@hanko-session/emulator`):
 *
 * - a string with its unit: `'250ms'`, `'90s'`, `'5m'`, `'12h'`, `'1d'`, or a sum such as `'1h30m'`;
 * - a number of **seconds**, such as `90` (or a string of digits, `'90'`, as an environment variable,
 *   a flag or a JSON field may carry it).
 *
 * Anything else (negative, `NaN`, `Infinity`, `'5 minutes'`, `'1y'`) is refused. A name that ends in its
 * unit (`durationMs`, `ttlMs`) is a plain number in that unit instead.
 *
 * @example
 * ```ts
 * import { type Duration, createSessionVerifier } from '@hanko-session/core'
 *
 * const timeout: Duration = '1500ms'
 * const verifier = createSessionVerifier({
 *   apiUrl: 'https://example.hanko.io',
 *   audience: 'example.com',
 *   clockTolerance: '10s',
 *   revocation: { mode: 'hybrid', timeout, cacheTtl: 15 },
 * })
 * ```
 */
export type Duration = string | number

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y
const SECONDS = /^\d+(?:\.\d+)?$/

/**
 * Reads a {@link Duration} as whole milliseconds: a string with units (`'90s'`, `'1h30m'`, `'250ms'`)
 * or a number of seconds (also as a string of digits). Returns `undefined` for anything else (negative,
 * `NaN`, `Infinity`, unknown units, spaces inside, more milliseconds than a safe integer holds), so the
 * caller can word the refusal in its own terms.
 *
 * @example
 * ```ts
 * import { parseDuration } from '@hanko-session/core'
 *
 * parseDuration('1h30m') // 5400000
 * parseDuration(90) // 90000
 * parseDuration('250ms') // 250
 * parseDuration('5 minutes') // undefined
 * ```
 */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? wholeMilliseconds(value * 1000) : undefined
  if (typeof value !== 'string') return undefined
  const text = value.trim()
  if (SECONDS.test(text)) return wholeMilliseconds(Number(text) * 1000)
  // A sticky pattern walks the text part by part; it is created per call, so no state is shared.
  const part = new RegExp(PART)
  let total = 0
  let consumed = 0
  for (let match = part.exec(text); match !== null; match = part.exec(text)) {
    total += Number(match[1]) * UNIT_MS[match[2]!]!
    consumed = part.lastIndex
  }
  return consumed === text.length && consumed > 0 ? wholeMilliseconds(total) : undefined
}

function wholeMilliseconds(milliseconds: number): number | undefined {
  const rounded = Math.round(milliseconds)
  return Number.isSafeInteger(rounded) ? rounded : undefined
}
