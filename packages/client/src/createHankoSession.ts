import { Hanko, type SessionCheckResponse } from '@teamhanko/hanko-frontend-sdk'
import type { HankoSessionClient } from './HankoSessionClient.js'
import type { HankoSessionOptions, SessionCheckEvent, SessionStorageLike } from './HankoSessionOptions.js'
import { parseDuration } from './lib/duration.js'
import { sameState, stateFromClaims, stateFromSnapshot } from './lib/stateFromClaims.js'
import { SessionClientError } from './SessionClientError.js'
import type { SessionEvents } from './SessionEvents.js'
import type { SessionClaims, SessionSnapshot, SessionState, UnauthenticatedReason } from './SessionState.js'

/** Browsers run a `setTimeout` longer than this (2^31 − 1 ms, about 24.8 days) at once. */
const MAX_TIMEOUT_MS = 2_147_483_647
/** The first retry after a failed check; doubles up to `checkInterval`. */
const FIRST_RETRY_MS = 1_000
/** How close to a deadline Hanko's "invalid" counts as that deadline (clock offset is known to ±1 s). */
const DEADLINE_TOLERANCE_MS = 5_000
/**
 * Hanko ends an idle session once it is *older* than the timeout, so the check for it runs this long
 * after `idle_expires_at` (which also has whole seconds on the wire).
 */
const IDLE_GRACE_MS = 1_000
const OFFSET_KEY = 'hanko-session:offset'
/** The BroadcastChannel and the Web Lock the tabs of one origin share (Hanko's SDK uses `hanko-session-check`). */
const TABS = 'hanko-session:tabs'
const LOGIN_FLOW = /^(login|registration)$/
/** Flow states that mean no login is under way: the start of a flow (`login_init`, `registration_init`), its end, or its error page. */
const IDLE_FLOW_STATE = /^(preflight|\w+_init|success|error)$/

type Listener<T> = (payload: T) => void
type CheckCause = SessionCheckEvent['cause']
/** What a tab tells the others: its state's data (no functions, no error) and when, as a revision. */
interface TabMessage<TCustom extends object> {
  revision: number
  state: SessionState<TCustom>
}

/**
 * Creates the session store: readable state, typed events, an expiry watcher and a failure policy
 * that never logs anyone out on a network error. Inert until the first `subscribe` or `on` (safe to
 * create on a server); stops when the last listener leaves.
 *
 * @example
 * ```ts
 * import { createHankoSession } from '@hanko-session/client'
 *
 * const session = createHankoSession({ apiUrl: 'https://auth.example.com', expiringLeadTime: '2m' })
 * session.subscribe((state) => {
 *   if (state.status === 'authenticated') console.log(`Signed in as ${state.user.email ?? state.user.id}`)
 * })
 * session.on('expiring', ({ expiresAt }) => console.log(`Your session ends at ${expiresAt.toLocaleTimeString()}`))
 * ```
 */
export function createHankoSession<TCustom extends object = object>(options: HankoSessionOptions<TCustom>): HankoSessionClient<TCustom> {
  type State = SessionState<TCustom>
  type Events = SessionEvents<TCustom>

  if (!options.hanko && !options.apiUrl) {
    throw new SessionClientError('ERR_INVALID_OPTIONS', '"apiUrl" or "hanko" is required')
  }
  const apiOrigins = (options.apiOrigins ?? []).map((origin) => {
    const parsed = originOf(origin)
    if (parsed === 'null' || parsed !== origin.replace(/\/$/, '')) {
      throw new SessionClientError('ERR_INVALID_OPTIONS', `"apiOrigins": ${JSON.stringify(origin)} is not an origin`)
    }
    return parsed
  })
  const checkIntervalMs = Math.max(parseDuration(options.checkInterval ?? '30s', 'checkInterval'), 1_000)
  const expiringLeadMs = parseDuration(options.expiringLeadTime ?? '60s', 'expiringLeadTime')
  const idleLeadMs = parseDuration(options.idleWarningLeadTime ?? '60s', 'idleWarningLeadTime')
  // Wrappers, not captured references: fake timers installed after creation still apply (STYLE 5).
  const now = options.now ?? ((): number => Date.now())
  const setTimer = options.setTimeout ?? ((callback: () => void, delayMs: number): unknown => globalThis.setTimeout(callback, delayMs))
  const clearTimer = options.clearTimeout ?? ((handle: unknown): void => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>))

  let serverSnapshot: State = stateFromSnapshot(options.initialState)
  let state: State = serverSnapshot
  const eventListeners = new Map<keyof Events, Set<Listener<never>>>()
  let holders = 0
  let started = false
  let destroyed = false

  let hanko: Hanko | undefined = options.hanko
  let storage: SessionStorageLike | undefined
  /** Server time minus local time, learnt from fresh claims; 0 until known. */
  let offsetMs = 0
  /** The session id this tab has confirmed with Hanko (a valid check or a session it saw created). */
  let confirmedSessionId: string | undefined
  let lastCheckAt = -Infinity
  let failures = 0
  /** Bumped by every authoritative end, so a check that started before it cannot bring the session back. */
  let epoch = 0
  let inflight: Promise<void> | undefined
  let timer: unknown
  /** Deadline checks in a row that Hanko answered "still valid": our estimate of its clock runs ahead. */
  let deadlineMisses = 0
  let expiringSentFor: string | undefined
  let idleWarningSentFor: number | undefined
  const detach: (() => void)[] = []
  /** The other tabs, while the store runs with `crossTab` on. */
  let channel: BroadcastChannel | undefined
  /** The newest message this tab sent or applied: older ones are ignored. */
  let revision = 0
  /**
   * `true`: this tab holds the Web Lock and checks for every tab (so even while hidden); `false`: it waits
   * for the lock and lets the holder check; `undefined`: it checks on its own (no Web Locks, or `crossTab: false`).
   */
  let leader: boolean | undefined

  const serverNow = (): number => now() + offsetMs

  /** When the session ends by Hanko's clock: `exp`, or the idle deadline if that comes first. */
  function deadlineOf(session: State): number {
    if (session.status !== 'authenticated') return Infinity
    return Math.min(session.expiresAt.getTime(), (session.idleExpiresAt?.getTime() ?? Infinity) + IDLE_GRACE_MS)
  }

  function report(error: unknown): void {
    // A throwing listener must not break the store or the other listeners; surface it as uncaught.
    if (typeof reportError === 'function') reportError(error)
    else queueMicrotask(() => { throw error })
  }

  function emit<E extends keyof Events>(event: E, payload: Events[E]): void {
    for (const listener of [...(eventListeners.get(event) ?? [])]) {
      try {
        ;(listener as Listener<Events[E]>)(payload)
      } catch (error) {
        report(error)
      }
    }
  }

  function setState(next: State): void {
    if (destroyed || sameState(state, next)) return
    const previous = state
    state = Object.freeze(next)
    // Subscribers are `change` listeners too, so they run in the order they came.
    emit('change', { state, previous })
  }

  // ── clock offset ────────────────────────────────────────────────────────────────────────────────
  function learnOffset(claims: SessionClaims<TCustom>, fresh: boolean): void {
    const issuedAtMs = Date.parse(claims.issued_at as string)
    if (!Number.isFinite(issuedAtMs)) return
    // Fresh claims were issued just now, so `issued_at` is the server's clock. Older ones only prove
    // that the server's clock is at least that far on.
    const measured = issuedAtMs - now()
    if (!fresh && measured <= offsetMs) return
    offsetMs = measured
    try {
      storage?.setItem(OFFSET_KEY, String(offsetMs))
    } catch {
      // Storage full or blocked: the offset is re-learnt at the next login.
    }
  }

  // ── transitions ─────────────────────────────────────────────────────────────────────────────────
  function authenticate(claims: SessionClaims<TCustom>, idleExpiresAt: Date | string | undefined): void {
    const next = stateFromClaims(claims, idleExpiresAt, state.authenticating)
    if (!next) return
    const previous = state
    confirmedSessionId = claims.session_id
    failures = 0
    setState(next)
    // A session that replaces a known state (signed out, or another session) is new; one found on load is not.
    if (previous.status === 'unauthenticated' || (previous.status === 'authenticated' && previous.claims.session_id !== claims.session_id)) {
      deadlineMisses = 0
      emit('sessionCreated', { user: next.user, expiresAt: next.expiresAt })
    }
  }

  /** `postAt`: when what ended the session was learnt (its revision for the other tabs); `false` when another tab told us. */
  function end(reason: UnauthenticatedReason, postAt: number | false = now()): void {
    const previous = state
    const wasConfirmed = previous.status === 'authenticated' && confirmedSessionId === previous.claims.session_id
    epoch++
    confirmedSessionId = undefined
    failures = deadlineMisses = 0
    setState({ status: 'unauthenticated', reason, authenticating: previous.authenticating, stale: false })
    if (postAt !== false) post(postAt)
    if (previous.status !== 'authenticated') return
    if (reason === 'logged_out' || reason === 'user_deleted') emit(reason === 'logged_out' ? 'loggedOut' : 'userDeleted', { reason })
    // Never `expired` for a session this tab did not confirm, nor in the middle of a login
    // (teamhanko/hanko#2868: a stale record made the elements restart the flow mid-passcode).
    else if (reason !== 'never_authenticated' && wasConfirmed && !previous.authenticating) emit('expired', { reason })
  }

  /** Why Hanko's "invalid" ended a session: the deadline it reached, or else revocation (none was known: never_authenticated). */
  function reasonForInvalid(): UnauthenticatedReason {
    if (state.status !== 'authenticated') return state.status === 'unauthenticated' ? state.reason : 'never_authenticated'
    const at = serverNow() + DEADLINE_TOLERANCE_MS
    if (at >= state.expiresAt.getTime()) return 'expired'
    if (at >= (state.idleExpiresAt?.getTime() ?? Infinity)) return 'idle_timeout'
    return 'revoked'
  }

  // ── checks ──────────────────────────────────────────────────────────────────────────────────────
  function check(cause: CheckCause): Promise<void> {
    inflight ??= runCheck(cause)
      .then((result) => result && options.onCheck?.({ cause, ...result }))
      .finally(() => {
        inflight = undefined
        plan()
      })
    return inflight
  }

  async function runCheck(cause: CheckCause): Promise<Omit<SessionCheckEvent, 'cause'> | undefined> {
    const instance = getHanko()
    if (!instance) return
    const startedEpoch = epoch
    const startedAt = (lastCheckAt = now())
    let response: SessionCheckResponse
    try {
      response = await instance.validateSession()
    } catch (failure) {
      if (startedEpoch !== epoch) return
      const error = new SessionClientError('ERR_CHECK_FAILED', 'No answer from Hanko', { cause: failure })
      failures++
      // Never past the known end: without Hanko's answer, `exp` still holds.
      if (state.status === 'authenticated' && serverNow() >= state.expiresAt.getTime()) end('expired')
      else if (!state.stale) setState({ ...state, stale: true, error })
      return { outcome: 'failed', error }
    }
    // After an authoritative end (or a login) while the check ran, its answer is out of date.
    // After destroy() nothing listens and setState ignores it.
    if (startedEpoch !== epoch) return
    const claims = response.claims as SessionClaims<TCustom> | undefined
    if (response.is_valid && claims) {
      learnOffset(claims, false)
      authenticate(claims, response.idle_expires_at)
      post(startedAt)
      if (cause === 'deadline' && serverNow() >= deadlineOf(state)) {
        // Hanko says the session lives past the moment we computed: our estimate of its clock runs
        // ahead. Pull the estimate back by a step that doubles (1 s, 2 s, … up to checkInterval), so a
        // wrong clock costs a few checks, not a poll.
        deadlineMisses++
        offsetMs = deadlineOf(state) - now() - Math.min(FIRST_RETRY_MS * 2 ** (deadlineMisses - 1), checkIntervalMs)
      }
      return { outcome: 'valid' }
    }
    end(reasonForInvalid(), startedAt)
    return { outcome: 'invalid' }
  }

  // ── the watcher: one timer for the next moment that matters ──────────────────────────────────────
  function tick(cause?: 'focus' | 'online'): void {
    timer = undefined
    if (!started) return
    const at = serverNow()
    let deadline = Infinity
    if (state.status === 'authenticated') {
      const { expiresAt, idleExpiresAt } = state
      const idleMs = idleExpiresAt?.getTime()
      // A warning whose moment has passed is settled either way: sent, or (past the deadline) moot.
      if (expiringSentFor !== state.claims.session_id && at >= expiresAt.getTime() - expiringLeadMs) {
        expiringSentFor = state.claims.session_id
        if (at < expiresAt.getTime()) emit('expiring', { expiresAt })
      }
      if (idleExpiresAt && idleWarningSentFor !== idleMs && at >= idleMs! - idleLeadMs) {
        idleWarningSentFor = idleMs
        if (at < idleMs!) emit('idleWarning', { idleExpiresAt })
      }
      // Hanko unreachable at `exp`: the session ends on time all the same (never extended past it).
      if (failures > 0 && at >= expiresAt.getTime()) return end('expired')
      deadline = deadlineOf(state)
    }
    if (state.status !== 'unauthenticated' && (now() >= nextPollAt() || (at >= deadline && failures === 0))) {
      void check(failures > 0 ? 'retry' : at >= deadline ? 'deadline' : (cause ?? 'interval'))
    } else plan()
  }

  /** When the next periodic check (or, after failures, the next retry with backoff) is due, local time. */
  function nextPollAt(): number {
    if (leader === false) return Infinity
    if (failures > 0) return lastCheckAt + Math.min(FIRST_RETRY_MS * 2 ** (failures - 1), checkIntervalMs)
    return document.visibilityState === 'hidden' && !leader ? Infinity : lastCheckAt + checkIntervalMs
  }

  function plan(): void {
    clearTimer(timer)
    timer = undefined
    if (!started) return
    const localNow = now()
    const moments: number[] = []
    // Signed out, nothing is planned: a login arrives as Hanko's event.
    if (state.status === 'loading' ? failures > 0 : state.status === 'authenticated') moments.push(nextPollAt())
    if (state.status === 'authenticated') {
      const toLocal = (serverMs: number): number => serverMs - offsetMs
      const idleMs = state.idleExpiresAt?.getTime()
      if (toLocal(deadlineOf(state)) > localNow) moments.push(toLocal(deadlineOf(state)))
      // Unsent warnings count even when their moment has passed (the store started late): tick settles them.
      if (expiringSentFor !== state.claims.session_id) moments.push(toLocal(state.expiresAt.getTime() - expiringLeadMs))
      if (idleMs !== undefined && idleWarningSentFor !== idleMs) moments.push(toLocal(idleMs - idleLeadMs))
    }
    const wakeAt = Math.min(...moments)
    if (!Number.isFinite(wakeAt)) return
    timer = setTimer(() => tick(), Math.min(Math.max(wakeAt - localNow, 0), MAX_TIMEOUT_MS))
  }

  // ── Hanko and the page ─────────────────────────────────────────────────────────────────────────
  function getHanko(): Hanko | undefined {
    if (hanko !== undefined || typeof document === 'undefined') return hanko
    // The SDK's own poller would duplicate ours: give it an interval it never reaches (the longest a
    // timer can wait); it still fires `hanko-session-expired` at `exp`, which only triggers a check here.
    hanko = new Hanko(options.apiUrl!, { sessionCheckInterval: MAX_TIMEOUT_MS })
    return hanko
  }

  /** Hanko's DOM events, each with its handler (STYLE 24). */
  const hankoEvents: Record<string, (event: Event) => void> = {
    'hanko-session-created': (event) => {
      // The SDK's detail always has the claims: the flow's `success` answer, or another tab's message.
      const { claims } = (event as CustomEvent<{ claims: SessionClaims<TCustom> }>).detail
      epoch++
      learnOffset(claims, true)
      lastCheckAt = now()
      authenticate(claims, undefined)
      post(now())
      plan()
    },
    // Signed out already (another tab's message came first): nothing to ask Hanko.
    'hanko-session-expired': () => state.status !== 'unauthenticated' && void check('hanko-event'),
    'hanko-user-logged-out': () => end('logged_out'),
    'hanko-user-deleted': () => end('user_deleted'),
    'hanko-after-state-change': (event) => {
      const flowState = (event as CustomEvent<{ state?: { name?: string; flowName?: string; payload?: { claims?: { subject?: string } } } } | null>).detail?.state
      if (!LOGIN_FLOW.test(flowState?.flowName ?? '')) return
      const name = flowState!.name ?? ''
      setState({ ...state, authenticating: !IDLE_FLOW_STATE.test(name) })
      if (name === 'success') {
        const userId = flowState!.payload?.claims?.subject
        emit('authFlowCompleted', { flowName: flowState!.flowName as 'login' | 'registration', ...(userId === undefined ? {} : { userId }) })
      }
    },
  }

  /**
   * The page is back (wake from sleep, a restored or refocused tab, the network again): re-plan from
   * the clock, checking only if a check is due (so focus checks are rate-limited to one an interval);
   * `online` retries a failed check at once.
   */
  function onResume(cause: 'focus' | 'online'): void {
    if (cause === 'online' && failures > 0) void check(cause)
    else tick(cause)
  }

  // ── other tabs ──────────────────────────────────────────────────────────────────────────────────
  function post(at: number): void {
    // A revision from the clock (when the news was learnt: a check's answer is as old as its request),
    // so a tab that has heard nothing yet still outranks what came before it, and a check that
    // crossed another tab's logout does not undo it.
    revision = Math.max(revision + 1, at)
    // Errors stay home: not every browser can clone one.
    channel?.postMessage({ revision, state: { ...state, error: undefined } })
  }

  /** Another tab's result: applied as if this tab had got it, with no request. */
  function receive({ data }: MessageEvent<TabMessage<TCustom> | undefined>): void {
    if (!(data && data.revision > revision)) return
    revision = data.revision
    lastCheckAt = now()
    const remote = data.state
    if (remote.status === 'authenticated') authenticate(remote.claims, remote.idleExpiresAt)
    else if (remote.status === 'unauthenticated') end(remote.reason, false)
    plan()
  }

  /** One tab checks for all: the holder of a Web Lock, kept while its store runs (released on stop, or by the browser when the tab closes). */
  function joinTabs(): void {
    const tabs = (channel = new BroadcastChannel(TABS))
    tabs.onmessage = receive
    const locks = globalThis.navigator?.locks
    // Without Web Locks every tab checks on its own; results still reach the others.
    if (!locks) return
    leader = false
    const held = new Promise<void>((release) => detach.push(release))
    void locks.request(TABS, () => {
      // A lock granted after this run stopped (or restarted) goes back at once.
      if (channel === tabs) {
        leader = true
        tick()
      }
      return held
    }).catch(() => {
      // Locks refused (e.g. an opaque origin): this tab checks on its own.
      if (channel === tabs) leader = undefined
    })
  }

  function start(): void {
    if (started || typeof document === 'undefined') return
    started = true
    try {
      storage = options.storage ?? localStorage
      offsetMs = Number(storage.getItem(OFFSET_KEY)) || 0
    } catch {
      storage = undefined
    }
    const resume = (): void => onResume('focus')
    const listen = (target: EventTarget, type: string, handler: (event: Event) => void): void => {
      target.addEventListener(type, handler)
      detach.push(() => target.removeEventListener(type, handler))
    }
    for (const [type, handler] of Object.entries(hankoEvents)) listen(document, type, handler)
    listen(document, 'visibilitychange', resume)
    listen(window, 'pageshow', resume)
    listen(window, 'focus', resume)
    listen(window, 'online', () => onResume('online'))
    if (options.crossTab !== false && typeof BroadcastChannel === 'function') joinTabs()
    void check('start')
  }

  function stop(): void {
    started = false
    channel?.close()
    channel = undefined
    leader = undefined
    for (const undo of detach.splice(0)) undo()
    plan()
  }

  function addEventListener<E extends keyof Events>(event: E, listener: Listener<Events[E]>, once: boolean): () => void {
    if (destroyed) return () => {}
    const listeners = eventListeners.get(event) ?? new Set()
    eventListeners.set(event, listeners)
    // A new function each time: the same listener added twice is two subscriptions, removed one by one.
    const wrapped: Listener<Events[E]> = (payload) => {
      if (once) off()
      listener(payload)
    }
    function off(): void {
      if (listeners.delete(wrapped) && --holders === 0) stop()
    }
    listeners.add(wrapped)
    if (++holders === 1) start()
    return off
  }

  return {
    getSnapshot: () => state,
    getServerSnapshot: () => serverSnapshot,
    subscribe(listener) {
      try {
        listener(state)
      } catch (error) {
        report(error)
      }
      return addEventListener('change', (change) => listener(change.state), false)
    },
    on: (event, listener) => addEventListener(event, listener, false),
    once: (event, listener) => addEventListener(event, listener, true),
    async logout() {
      const instance = getHanko()
      if (!instance) return
      let error: SessionClientError | undefined
      try {
        // The SDK clears its token and fires `hanko-user-logged-out` before it looks at the answer.
        await instance.logout()
      } catch (cause) {
        error = new SessionClientError('ERR_LOGOUT_FAILED', 'Hanko did not confirm the logout', { cause })
      }
      if (state.status !== 'unauthenticated') end('logged_out')
      if (error) setState({ ...state, error })
    },
    async fetch(input, init) {
      const fetchImpl = options.fetch ?? globalThis.fetch
      // The session goes only to the page's own origin and the ones the app named: never to a third party.
      // (On a server there is no page and no session to attach: nothing to guard.)
      const page = globalThis.location?.href
      const target = page && originOf(input instanceof Request ? input.url : String(input), page)
      if (target && target !== originOf(page) && !apiOrigins.includes(target)) {
        throw new SessionClientError('ERR_ORIGIN_NOT_ALLOWED', `${target} is not this page's origin nor in "apiOrigins"`)
      }
      // Empty when the token is not readable (HttpOnly cookie, or no session): the cookie has to travel.
      const token = getHanko()?.getSessionToken()
      const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined))
      if (token && !headers.has('authorization')) headers.set('authorization', `Bearer ${token}`)
      const response = await fetchImpl(input, { ...init, headers, ...(token ? {} : { credentials: 'include' as const }) })
      if (response.status === 401 && state.status === 'authenticated') await check('fetch-401')
      return response
    },
    hydrate(snapshot: SessionSnapshot<TCustom>) {
      serverSnapshot = stateFromSnapshot(snapshot)
      // What this tab learnt from Hanko beats what the server rendered.
      if (!confirmedSessionId && !inflight) {
        setState(serverSnapshot)
        plan()
      }
    },
    destroy() {
      stop()
      destroyed = true
      eventListeners.clear()
    },
  }
}

/** The origin of `url` (relative to `base`), or `'null'` (as `URL#origin` says for opaque ones) when it is none. */
function originOf(url: string, base?: string): string {
  try {
    return new URL(url, base).origin
  } catch {
    return 'null'
  }
}
