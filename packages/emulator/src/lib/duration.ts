import { parseDuration } from '@hanko-session/core'
import { EmulatorError, type EmulatorErrorCode } from '../EmulatorError.js'

/** How the parser words the rule; every refusal repeats it, so a user learns the form from any one of them. */
export const DURATION_FORM = `a duration such as '90s', '5m' or '1h30m', or a number of seconds`

/**
 * Parses `value` as a `Duration` named `name` with core's `parseDuration` (the one parser of both
 * packages), or throws an `EmulatorError` with `code` that names the value and the accepted form.
 * `wholeSeconds` refuses fractions of a second (token lifetimes are whole seconds, as JWT times are).
 */
export function durationMs(name: string, value: unknown, code: EmulatorErrorCode = 'ERR_INVALID_ARGUMENT', wholeSeconds = false): number {
  const milliseconds = parseDuration(value)
  if (milliseconds === undefined) throw new EmulatorError(code, `${name} must be ${DURATION_FORM}, got ${describe(value)}.`)
  if (wholeSeconds && milliseconds % 1000 !== 0) throw new EmulatorError(code, `${name} must be whole seconds, got ${describe(value)}.`)
  return milliseconds
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40))
  if (typeof value === 'number') return String(value)
  return value === null ? 'null' : typeof value
}
