import { EmulatorError } from '../EmulatorError.js'
import type { AllowedOrigins, ClaimsTemplate, HankoEmulatorOptions, PasscodeEvent, TokenDelivery } from '../HankoEmulatorOptions.js'
import type { CookieSettings } from './http.js'
import { durationMs } from './duration.js'
import { LIMITS } from './limits.js'

export interface ResolvedConfig {
  readonly tokenDelivery: TokenDelivery
  readonly sessionLifetime: number
  readonly idleTimeoutMs: number
  readonly sessionLimit: number
  readonly audience: readonly string[]
  readonly issuer: string | undefined
  readonly claims: ClaimsTemplate | undefined
  readonly cookie: CookieSettings
  readonly retention: 'persistent' | 'session'
  readonly passkeyOnboarding: boolean
  readonly accountExistenceHints: boolean
  readonly accountDeletion: boolean
  readonly passcodeTtlMs: number
  readonly passcodeRateLimit: number
  readonly allowedOrigins: AllowedOrigins | undefined
  readonly modulusLength: number
  /** `''`, or `/segment[/segment…]` without a trailing slash. */
  readonly basePath: string
  readonly devRoutes: boolean
  readonly now: () => number
  readonly onPasscode: (event: PasscodeEvent) => void
  readonly onChange: () => void
}

const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const DEFAULT_NOW = (): number => Date.now()

/** Checks and completes the options; anything wrong throws `ERR_INVALID_OPTIONS` saying how to fix it. */
export function resolveConfig(options: HankoEmulatorOptions): ResolvedConfig {
  if (options === null || typeof options !== 'object') fail('options', 'pass an options object (or nothing)')
  const tokenDelivery = options.tokenDelivery ?? 'header'
  if (tokenDelivery !== 'header' && tokenDelivery !== 'cookie') fail('tokenDelivery', "must be 'header' or 'cookie'")
  const cookieName = options.cookieName ?? 'hanko'
  if (typeof cookieName !== 'string' || !COOKIE_NAME.test(cookieName)) fail('cookieName', 'must be a valid cookie name')
  const sameSite = options.cookie?.sameSite ?? 'strict'
  if (!['strict', 'lax', 'none'].includes(sameSite)) fail('cookie.sameSite', "must be 'strict', 'lax' or 'none'")
  const domain = options.cookie?.domain
  if (domain !== undefined && (typeof domain !== 'string' || !/^[A-Za-z0-9.-]+$/.test(domain))) fail('cookie.domain', 'must be a host name')
  const retention = options.retention ?? 'persistent'
  if (retention !== 'persistent' && retention !== 'session') fail('retention', "must be 'persistent' or 'session'")
  const modulusLength = options.modulusLength ?? 2048
  if (![2048, 3072, 4096].includes(modulusLength)) fail('modulusLength', 'must be 2048, 3072 or 4096')
  const allowedOrigins = options.allowedOrigins
  if (allowedOrigins !== undefined && typeof allowedOrigins !== 'function' && !Array.isArray(allowedOrigins)) {
    fail('allowedOrigins', 'must be an array of origins or a function')
  }
  return {
    tokenDelivery,
    sessionLifetime: durationSeconds('sessionLifetime', options.sessionLifetime, 43_200, 1, 365 * 86_400),
    idleTimeoutMs: durationSeconds('idleTimeout', options.idleTimeout, 0, 0, 365 * 86_400) * 1000,
    sessionLimit: seconds('sessionLimit', options.sessionLimit, 5, 1, LIMITS.maxSessionsPerUser),
    audience: resolveAudience(options.audience),
    issuer: optionalString('issuer', options.issuer),
    claims: optionalFunction('claims', options.claims),
    cookie: { name: cookieName, secure: options.cookie?.secure ?? true, sameSite, domain },
    retention,
    passkeyOnboarding: options.passkeyOnboarding ?? false,
    accountExistenceHints: options.accountExistenceHints ?? false,
    accountDeletion: optionalBoolean('accountDeletion', options.accountDeletion) ?? true,
    passcodeTtlMs: durationSeconds('passcodeTtl', options.passcodeTtl, 300, 1, 86_400) * 1000,
    passcodeRateLimit: seconds('passcodeRateLimit', options.passcodeRateLimit, 3, 0, 1000),
    allowedOrigins,
    modulusLength,
    basePath: resolveBasePath(options.basePath),
    devRoutes: options.devRoutes ?? true,
    now: optionalFunction('now', options.now) ?? DEFAULT_NOW,
    onPasscode: optionalFunction('onPasscode', options.onPasscode) ?? (() => {}),
    onChange: optionalFunction('onChange', options.onChange) ?? (() => {}),
  }
}

function fail(option: string, fix: string): never {
  throw new EmulatorError('ERR_INVALID_OPTIONS', `Invalid emulator option "${option}": ${fix}.`)
}

function seconds(option: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    fail(option, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(value) ?? typeof value}`)
  }
  return value as number
}

/** A {@link Duration} option in whole seconds (token and cookie times are whole seconds). */
function durationSeconds(option: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback
  const milliseconds = durationMs(`Invalid emulator option "${option}":`, value, 'ERR_INVALID_OPTIONS', true)
  if (milliseconds < min * 1000 || milliseconds > max * 1000) fail(option, `must be from ${min} to ${max} seconds, got ${JSON.stringify(value)}`)
  return milliseconds / 1000
}

function resolveAudience(audience: unknown): readonly string[] {
  if (audience === undefined) return ['localhost']
  const values = typeof audience === 'string' ? [audience] : audience
  if (!Array.isArray(values) || values.length === 0 || !values.every((value) => typeof value === 'string' && value !== '')) {
    fail('audience', 'must be a non-empty string or a non-empty array of them')
  }
  return Object.freeze([...(values as string[])])
}

/** Segments a URL keeps as they are (no escapes, no dot segments), so the prefix compares byte for byte with a request path. */
const BASE_PATH = /^(?:\/[A-Za-z0-9\-._~]+)+$/
const DOT_SEGMENT = /\/\.\.?(?:\/|$)/

function resolveBasePath(basePath: unknown): string {
  if (basePath === undefined) return ''
  if (typeof basePath !== 'string') fail('basePath', "must be a path such as '/tenant-1'")
  const trimmed = basePath.endsWith('/') ? basePath.slice(0, -1) : basePath
  if (trimmed === '') return ''
  if (!BASE_PATH.test(trimmed) || DOT_SEGMENT.test(trimmed)) {
    fail('basePath', `must be a path such as '/tenant-1' (segments of letters, digits and -._~), got ${JSON.stringify(basePath.slice(0, 120))}`)
  }
  return trimmed
}

function optionalString(option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value === '') fail(option, 'must be a non-empty string')
  return value
}

function optionalBoolean(option: string, value: unknown): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') fail(option, 'must be true or false')
  return value
}

function optionalFunction<T>(option: string, value: T | undefined): T | undefined {
  if (value !== undefined && typeof value !== 'function') fail(option, 'must be a function')
  return value
}
