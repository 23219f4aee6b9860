import { EmulatorError, type EmulatorErrorCode } from '../EmulatorError.js'

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy
const SECONDS = /^\d+(?:\.\d+)?$/

/** How the parser words the rule; every refusal repeats it, so a user learns the form from any one of them. */
export const DURATION_FORM = `a duration such as '90s', '5m' or '1h30m', or a number of seconds`

/**
 * The one parser for `Duration`: a string with units (`'90s'`, `'1h30m'`, `'250ms'`) or a number
 * of seconds (also as a string of digits), in milliseconds. `undefined` for anything else, so callers
 * can say what was wrong in their own terms; {@link durationMs} does that for most.
 */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? inRange(value * 1000) : undefined
  if (typeof value !== 'string') return undefined
  const text = value.trim()
  if (SECONDS.test(text)) return inRange(Number(text) * 1000)
  PART.lastIndex = 0
  let total = 0
  let consumed = 0
  for (let match = PART.exec(text); match !== null; match = PART.exec(text)) {
    total += Number(match[1]) * UNIT_MS[match[2]!]!
    consumed = PART.lastIndex
  }
  return consumed === text.length && consumed > 0 ? inRange(total) : undefined
}

/**
 * Parses `value` as a `Duration` named `name`, or throws an `EmulatorError` with `code` that
 * names the value and the accepted form. `wholeSeconds` refuses fractions of a second (token lifetimes
 * are whole seconds, as JWT times are).
 */
export function durationMs(name: string, value: unknown, code: EmulatorErrorCode = 'ERR_INVALID_ARGUMENT', wholeSeconds = false): number {
  const milliseconds = parseDuration(value)
  if (milliseconds === undefined) throw new EmulatorError(code, `${name} must be ${DURATION_FORM}, got ${describe(value)}.`)
  if (wholeSeconds && milliseconds % 1000 !== 0) throw new EmulatorError(code, `${name} must be whole seconds, got ${describe(value)}.`)
  return milliseconds
}

function inRange(milliseconds: number): number | undefined {
  const rounded = Math.round(milliseconds)
  return Number.isSafeInteger(rounded) ? rounded : undefined
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40))
  if (typeof value === 'number') return String(value)
  return value === null ? 'null' : typeof value
}
