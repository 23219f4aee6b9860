/**
 * Every way a typed helper of the emulator can refuse, as a stable code. Codes are public API: switch
 * on them; they never change meaning within a major version. (HTTP clients never see these: over HTTP
 * the emulator answers with Hanko's own status codes and envelopes.)
 */
export type EmulatorErrorCode =
  | 'ERR_INVALID_OPTIONS'
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_UNKNOWN_KEY'
  | 'ERR_EMAIL_TAKEN'
  | 'ERR_LIMIT_REACHED'
  | 'ERR_SNAPSHOT_INVALID'
  | 'ERR_LOGIN_FAILED'

/**
 * The one error type of `@hanko-session/emulator`, thrown by its typed helpers and by
 * `createHankoEmulator` for invalid options. The underlying error, if any, is kept as `cause`.
 *
 * @example
 * ```ts
 * import { EmulatorError } from '@hanko-session/emulator'
 *
 * try {
 *   emulator.users.create('alice@example.com')
 * } catch (error) {
 *   if (!(error instanceof EmulatorError && error.code === 'ERR_EMAIL_TAKEN')) throw error
 * }
 * ```
 */
export class EmulatorError extends Error {
  override readonly name = 'EmulatorError'
  /** Stable, documented error code; safe to switch on. */
  readonly code: EmulatorErrorCode

  constructor(code: EmulatorErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
  }
}

/**
 * `true` when `error` is an {@link EmulatorError}, optionally with the given code.
 *
 * @example
 * ```ts
 * if (isEmulatorError(error, 'ERR_EMAIL_TAKEN')) return emulator.users.get(email)
 * ```
 */
export function isEmulatorError(error: unknown, code?: EmulatorErrorCode): error is EmulatorError {
  return error instanceof EmulatorError && (code === undefined || error.code === code)
}
