import type { Duration } from '../Duration.js'
import type { HankoSessionClient } from '../HankoSessionClient.js'
import { parseDuration } from '../lib/duration.js'
import { sameState, stateFromSnapshot } from '../lib/stateFromClaims.js'
import { SessionClientError } from '../SessionClientError.js'
import type { SessionEvents } from '../SessionEvents.js'
import type { SessionClaims, SessionSnapshot, SessionState, UnauthenticatedReason } from '../SessionState.js'

/**
 * The in-memory store `createTestSession` returns: the contract of `createHankoSession` (so your
 * components cannot tell the difference) plus controls for a test.
 */
export interface TestSession<TCustom extends object = object> extends HankoSessionClient<TCustom> {
  /** The test clock, in milliseconds since the epoch. Starts at the real time when the session is created. */
  now(): number
  /** Merges fields into the state (a new snapshot, listeners and `change` notified). */
  update(patch: Partial<SessionState<TCustom>>): void
  /** Moves the test clock forward; `expiring`, `idleWarning` and the end fire as they fall due, in order. */
  advance(by: Duration): void
  /** Ends the session now, as when its lifetime runs out: reason `expired`, `expired` fires. */
  expire(): void
  /** Signs out as a logout in another tab would: reason `logged_out`, `loggedOut` fires. */
  logoutElsewhere(): void
  /** Shows a Hanko outage: `stale: true` with `ERR_CHECK_FAILED`, the session kept; `false` ends it. */
  failNetwork(failing?: boolean): void
}

/** Options of {@link createTestSession}. */
export interface TestSessionOptions {
  /** Default is `'60s'`, as the real store. */
  expiringLeadTime?: Duration
  /** Default is `'60s'`, as the real store. */
  idleWarningLeadTime?: Duration
  /** What `session.fetch` calls. Default is the global `fetch`, looked up at each call. */
  fetch?: typeof fetch
}

const HOUR_MS = 3_600_000

/**
 * An in-memory session store for testing components with no backend and no Hanko: the same
 * contract as `createHankoSession`, a test clock, `update()`, and simulators (`expire()`,
 * `logoutElsewhere()`, `failNetwork()`, `advance('5m')`). With no `initialState` the user is signed in
 * as `alice@example.com` (id `test-user`) for 12 hours.
 *
 * @example
 * ```ts
 * import { createTestSession } from '@hanko-session/client/testing'
 *
 * const session = createTestSession()
 * const seen: string[] = []
 * session.on('expiring', () => seen.push('expiring'))
 * session.advance('11h59m30s') // `expiring` fires (60 s before the end)
 * session.logoutElsewhere() // the state is unauthenticated, reason 'logged_out'
 * ```
 */
export function createTestSession<TCustom extends object = object>(
  initialState?: SessionSnapshot<TCustom>,
  options: TestSessionOptions = {},
): TestSession<TCustom> {
  type State = SessionState<TCustom>
  type Events = SessionEvents<TCustom>
  const expiringLeadMs = parseDuration(options.expiringLeadTime ?? '60s', 'expiringLeadTime')
  const idleLeadMs = parseDuration(options.idleWarningLeadTime ?? '60s', 'idleWarningLeadTime')
  let clock = Date.now()
  const serverSnapshot = stateFromSnapshot(initialState ?? defaultSnapshot<TCustom>(clock))
  let state: State = serverSnapshot
  const listeners = new Map<keyof Events, Set<(payload: never) => void>>()
  let expiringSent = false
  let idleWarningSent = false

  function emit<E extends keyof Events>(event: E, payload: Events[E]): void {
    for (const listener of [...(listeners.get(event) ?? [])]) (listener as (payload: Events[E]) => void)(payload)
  }

  function setState(next: State): void {
    if (sameState(state, next)) return
    const previous = state
    state = Object.freeze(next)
    if (next.status !== 'authenticated' || previous.status !== 'authenticated' || next.expiresAt.getTime() !== previous.expiresAt.getTime()) expiringSent = false
    if (next.status !== 'authenticated' || previous.status !== 'authenticated' || next.idleExpiresAt?.getTime() !== previous.idleExpiresAt?.getTime()) idleWarningSent = false
    emit('change', { state, previous })
  }

  /** Ends a session; a store already signed out keeps its reason. */
  function end(reason: UnauthenticatedReason): void {
    const previous = state
    if (previous.status === 'unauthenticated') return
    setState({ status: 'unauthenticated', reason, authenticating: previous.authenticating, stale: false })
    if (previous.status !== 'authenticated') return
    if (reason === 'logged_out') emit('loggedOut', { reason })
    else if (reason === 'user_deleted') emit('userDeleted', { reason })
    else if (reason !== 'never_authenticated') emit('expired', { reason })
  }

  /** The next moment something happens for the current state, and what. */
  function nextMoment(): { at: number; run: () => void } | undefined {
    if (state.status !== 'authenticated') return undefined
    const { expiresAt, idleExpiresAt } = state
    const moments: { at: number; run: () => void }[] = [{ at: expiresAt.getTime(), run: () => end('expired') }]
    if (!expiringSent) moments.push({ at: expiresAt.getTime() - expiringLeadMs, run: () => ((expiringSent = true), emit('expiring', { expiresAt })) })
    if (idleExpiresAt !== undefined) {
      moments.push({ at: idleExpiresAt.getTime(), run: () => end('idle_timeout') })
      if (!idleWarningSent) moments.push({ at: idleExpiresAt.getTime() - idleLeadMs, run: () => ((idleWarningSent = true), emit('idleWarning', { idleExpiresAt })) })
    }
    return moments.sort((a, b) => a.at - b.at)[0]
  }

  function on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void, once = false): () => void {
    const set = listeners.get(event) ?? new Set()
    listeners.set(event, set)
    const wrapped = (payload: Events[E]): void => {
      if (once) off()
      listener(payload)
    }
    const off = (): void => void set.delete(wrapped)
    set.add(wrapped)
    return off
  }

  return {
    getSnapshot: () => state,
    getServerSnapshot: () => serverSnapshot,
    subscribe(listener) {
      listener(state)
      return on('change', ({ state: next }) => listener(next))
    },
    on: (event, listener) => on(event, listener),
    once: (event, listener) => on(event, listener, true),
    logout() {
      end('logged_out')
      return Promise.resolve()
    },
    // No token and no Hanko to ask: the request goes out with cookies, and a 401 changes nothing
    // (drive the state with the simulators).
    fetch: (input, init) => (options.fetch ?? globalThis.fetch)(input, { ...init, credentials: 'include' }),
    hydrate(snapshot) {
      setState(stateFromSnapshot(snapshot))
    },
    destroy() {
      listeners.clear()
    },
    now: () => clock,
    update(patch) {
      setState({ ...state, ...patch } as State)
    },
    advance(by) {
      const until = clock + parseDuration(by, 'advance')
      for (let moment = nextMoment(); moment !== undefined && moment.at <= until; moment = nextMoment()) {
        clock = Math.max(clock, moment.at)
        moment.run()
      }
      clock = until
    },
    expire() {
      end('expired')
    },
    logoutElsewhere() {
      end('logged_out')
    },
    failNetwork(fail = true) {
      if (fail) return setState({ ...state, stale: true, error: new SessionClientError('ERR_CHECK_FAILED', 'No answer from Hanko (simulated)') })
      const { error: _error, ...rest } = state
      setState({ ...rest, stale: false })
    },
  }
}

function defaultSnapshot<TCustom extends object>(now: number): SessionSnapshot<TCustom> {
  const expiresAt = new Date(Math.floor(now / 1000) * 1000 + 12 * HOUR_MS)
  const claims = {
    subject: 'test-user',
    session_id: 'test-session',
    issued_at: new Date(Math.floor(now / 1000) * 1000).toISOString(),
    expiration: expiresAt.toISOString(),
    audience: ['localhost'],
    email: { address: 'alice@example.com', is_primary: true, is_verified: true },
    amr: ['otp'],
  } as unknown as SessionClaims<TCustom>
  return { status: 'authenticated', user: { id: 'test-user', email: 'alice@example.com' }, claims, expiresAt }
}
