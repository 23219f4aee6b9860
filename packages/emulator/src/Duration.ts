/**
 * `Duration` is `@hanko-session/core`'s: one form and one parser (`parseDuration`) for both packages.
 * In the emulator it is taken by the options (`sessionLifetime`, `idleTimeout`, `passcodeTtl`),
 * `mintSessionToken({ lifetime })`, `clock.advance()`, the CLI's `--lifetime` and `--idle-timeout`, and
 * the JSON fields of the dev routes (`lifetime`, `advance`); anything else is refused with an
 * `EmulatorError` (`ERR_INVALID_OPTIONS` for options, `ERR_INVALID_ARGUMENT` elsewhere) that names the
 * value.
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
export type { Duration } from '@hanko-session/core'
