import type { Hanko } from '@teamhanko/hanko-frontend-sdk'
import type { Duration } from './Duration.js'
import type { SessionClientError } from './SessionClientError.js'
import type { SessionSnapshot } from './SessionState.js'

/**
 * What one session check found; given to `onCheck`.
 *
 * @example
 * ```ts
 * import { type SessionCheckEvent, createHankoSession } from '@hanko-session/client'
 *
 * const onCheck = ({ cause, outcome, error }: SessionCheckEvent): void => console.debug(cause, outcome, error?.code)
 * createHankoSession({ apiUrl: 'https://auth.example.com', onCheck })
 * ```
 */
export interface SessionCheckEvent {
  /** Why the check ran. */
  readonly cause: 'start' | 'interval' | 'deadline' | 'hanko-event' | 'focus' | 'online' | 'retry' | 'fetch-401'
  /** `'valid'` and `'invalid'` are Hanko's answers; `'failed'` means no answer (see `error`). */
  readonly outcome: 'valid' | 'invalid' | 'failed'
  readonly error?: SessionClientError
}

/**
 * The storage the store keeps its server-clock offset in: `localStorage` by default.
 *
 * @example
 * ```ts
 * import { createHankoSession } from '@hanko-session/client'
 *
 * createHankoSession({ apiUrl: 'https://auth.example.com', storage: sessionStorage })
 * ```
 */
export type SessionStorageLike = Pick<Storage, 'getItem' | 'setItem'>

interface CommonOptions<TCustom extends object> {
  /** How often the checking tab (see `crossTab`) asks Hanko whether the session is still valid. Default is `'30s'`, as Hanko's SDK. */
  checkInterval?: Duration
  /** How long before the session's end `expiring` fires. Default is `'60s'`. */
  expiringLeadTime?: Duration
  /** How long before the idle timeout `idleWarning` fires. Default is `'60s'`. */
  idleWarningLeadTime?: Duration
  /** The server-rendered state (see `sessionSnapshot`), so the first client render matches. Default: `loading`. */
  initialState?: SessionSnapshot<TCustom>
  /** Called after every session check, for logging and metrics. */
  onCheck?: (event: SessionCheckEvent) => void
  /**
   * Origins besides the page's own that `session.fetch` may send the session to (your API on another
   * origin), e.g. `['https://api.example.com']`. Any other origin is refused with
   * `ERR_ORIGIN_NOT_ALLOWED`, so the token never reaches a third party. Default: none.
   */
  apiOrigins?: readonly string[]
  /** The `fetch` that `session.fetch` calls. Default is the global `fetch`, looked up at each call. */
  fetch?: typeof fetch
  /** The local clock, in milliseconds since the epoch. Default is `Date.now()`, called at each use. */
  now?: () => number
  /** Default is the global `setTimeout`, looked up at each call (so fake timers work). */
  setTimeout?: (callback: () => void, delayMs: number) => unknown
  /** Default is the global `clearTimeout`, looked up at each call. */
  clearTimeout?: (handle: unknown) => void
  /** Where the measured server-clock offset is kept across reloads. Default is `localStorage` (when there is one). */
  storage?: SessionStorageLike
  /**
   * Share one session check between the tabs of the page's origin: the tab that holds a Web Lock checks
   * and tells the others over a BroadcastChannel (`hanko-session:tabs`), so logins, logouts and ends
   * reach every tab at once. Without Web Locks every tab checks, and still tells the others. `false`:
   * this tab keeps to itself. Default is `true`.
   */
  crossTab?: boolean
}

/**
 * Options of `createHankoSession`: either `apiUrl` (the store makes its own SDK instance, lazily, in
 * the browser) or `hanko` (an existing instance, e.g. the one `register()` of `@teamhanko/hanko-elements`
 * returns), and the defaults below.
 *
 * @example
 * ```ts
 * import { type HankoSessionOptions, createHankoSession } from '@hanko-session/client'
 *
 * const options: HankoSessionOptions = { apiUrl: 'https://auth.example.com', checkInterval: '1m', expiringLeadTime: '2m' }
 * const session = createHankoSession(options)
 * ```
 */
export type HankoSessionOptions<TCustom extends object = object> = CommonOptions<TCustom> &
  ({ apiUrl: string; hanko?: undefined } | { hanko: Hanko; apiUrl?: undefined })
