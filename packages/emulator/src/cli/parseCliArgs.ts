import { parseArgs } from 'node:util'
import { EmulatorError } from '../EmulatorError.js'
import type { HankoEmulatorOptions } from '../HankoEmulatorOptions.js'
import { durationMs } from '../lib/duration.js'

export interface CliSettings {
  readonly port: number
  readonly host: string
  readonly dataFile: string | undefined
  readonly quiet: boolean
  readonly help: boolean
  readonly options: HankoEmulatorOptions
}

export const USAGE = `Usage: hanko-emulator [options]
       hanko-emulator token <email> [--url <url>] [--json]   (prints a session token; see token --help)

A local Hanko API for development and tests: email-passcode login and registration,
sessions, JWKS, and dev controls under /__emulator. Passcodes are printed here.

Options:
  --port <n>              Port to listen on; 0 picks a free one (default 8000)
  --host <address>        Address to bind (default 127.0.0.1)
  --base-path <path>      Serve under a path prefix, as multi-tenant Hanko serves /<tenant-id>
  --cookie-mode           Deliver the session token as an HttpOnly cookie instead of X-Auth-Token
  --lifetime <duration>   Session lifetime, e.g. 1h, 30m, 90s or 5400 (seconds) (default 12h)
  --idle-timeout <dur>    Idle timeout, e.g. 30m (default off)
  --data <file>           Keep users, sessions and keys in this JSON file across restarts
  --audience <aud>        Token audience; repeat or comma-separate for several (default localhost)
  --issuer <iss>          Token issuer (default none)
  --passkey-onboarding    Offer the skippable "create a passkey" step after a passcode
  --no-account-deletion   Leave "Delete account" out of the profile (Hanko's account.allow_deletion)
  --quiet                 Print only the listening address and passcodes
  -h, --help              Show this help
`

/** Reads the command line. Throws an `Error` whose message is meant for the terminal. */
export function parseCliArgs(argv: readonly string[]): CliSettings {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string', default: '8000' },
      host: { type: 'string', default: '127.0.0.1' },
      'base-path': { type: 'string' },
      'cookie-mode': { type: 'boolean', default: false },
      lifetime: { type: 'string' },
      'idle-timeout': { type: 'string' },
      data: { type: 'string' },
      audience: { type: 'string', multiple: true },
      issuer: { type: 'string' },
      'passkey-onboarding': { type: 'boolean', default: false },
      'no-account-deletion': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a port number from 0 to 65535, got ${JSON.stringify(values.port)}.`)
  const options: HankoEmulatorOptions = {
    tokenDelivery: values['cookie-mode'] ? 'cookie' : 'header',
    passkeyOnboarding: values['passkey-onboarding'],
    accountDeletion: !values['no-account-deletion'],
  }
  if (values.lifetime !== undefined) options.sessionLifetime = seconds('--lifetime', values.lifetime, 1)
  if (values['idle-timeout'] !== undefined) options.idleTimeout = seconds('--idle-timeout', values['idle-timeout'], 0)
  if (values.audience !== undefined) {
    options.audience = values.audience.flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== '')
  }
  if (values.issuer !== undefined) options.issuer = values.issuer
  if (values['base-path'] !== undefined) options.basePath = values['base-path']
  return { port, host: values.host, dataFile: values.data, quiet: values.quiet, help: values.help, options }
}

/** A duration flag in whole seconds; a bad value throws an `EmulatorError` whose message names the flag. */
function seconds(flag: string, value: string, min: number): number {
  const milliseconds = durationMs(flag, value, 'ERR_INVALID_ARGUMENT', true)
  if (milliseconds < min * 1000) throw new EmulatorError('ERR_INVALID_ARGUMENT', `${flag} must be at least ${min} second, got ${JSON.stringify(value)}.`)
  return milliseconds / 1000
}
