/**
 * A length of time for the store's options: a string with its unit (`'250ms'`, `'30s'`, `'5m'`,
 * `'12h'`, `'1d'`, or a sum such as `'1h30m'`), or a number of seconds. The same type as
 * `@hanko-session/core`'s and `@hanko-session/emulator`'s; only the type comes from core, so no jose
 * reaches a browser bundle (the parser is a twin in `lib/duration.ts`).
 *
 * @example
 * ```ts
 * import { type Duration, createHankoSession } from '@hanko-session/client'
 *
 * const checkInterval: Duration = '1m'
 * const session = createHankoSession({ apiUrl: 'https://auth.example.com', checkInterval })
 * ```
 */
export type { Duration } from '@hanko-session/core'
