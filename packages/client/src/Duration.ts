/**
 * A length of time for the store's options: a string with its unit (`'250ms'`, `'30s'`, `'5m'`,
 * `'12h'`, `'1d'`, or a sum such as `'1h30m'`), or a number of seconds.
 *
 * Twin of the `Duration` of `@hanko-session/core` and `@hanko-session/emulator`: the client imports
 * only types from core, so no jose reaches a browser bundle (STYLE 25). Keep the accepted forms
 * identical; this becomes a re-export of core's type once core exports it.
 *
 * @example
 * ```ts
 * import { type Duration, createHankoSession } from '@hanko-session/client'
 *
 * const checkInterval: Duration = '1m'
 * const session = createHankoSession({ apiUrl: 'https://auth.example.com', checkInterval })
 * ```
 */
export type Duration = string | number
