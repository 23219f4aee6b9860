/**
 * A length of time, in the one form every duration of the emulator accepts: options
 * (`sessionLifetime`, `idleTimeout`, `passcodeTtl`), `mintSessionToken({ lifetime })`,
 * `clock.advance()`, the CLI's `--lifetime` and `--idle-timeout`, and the JSON fields of the dev routes
 * (`lifetime`, `advance`).
 *
 * - a string with its unit: `'250ms'`, `'90s'`, `'5m'`, `'12h'`, `'1d'`, or a sum such as `'1h30m'`;
 * - a number of **seconds**, such as `90` (or a string of digits, `'90'`, as a flag or JSON field
 *   may carry it).
 *
 * Anything else (negative, `NaN`, `'5 minutes'`, `'1y'`) is refused with an `EmulatorError`
 * (`ERR_INVALID_OPTIONS` for options, `ERR_INVALID_ARGUMENT` elsewhere) that names the value. A name
 * that ends in its unit (`latencyMs`) takes a plain number in that unit instead.
 *
 * @example
 * ```ts
 * import { type Duration, createHankoEmulator } from '@hanko-session/emulator'
 *
 * const lifetime: Duration = '1h30m'
 * const hanko = createHankoEmulator({ sessionLifetime: lifetime, idleTimeout: '15m', passcodeTtl: 300 })
 * hanko.clock.advance('5m')
 * ```
 */
export type Duration = string | number
