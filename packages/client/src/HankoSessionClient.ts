import type { SessionEvents } from './SessionEvents.js'
import type { SessionSnapshot, SessionState } from './SessionState.js'

/**
 * The session store `createHankoSession` returns: a `getSnapshot`/`subscribe` pair for every binding
 * (React's `useSyncExternalStore`, Vue refs, Svelte's store contract), typed events and the actions.
 *
 * @example
 * ```ts
 * import { createHankoSession } from '@hanko-session/client'
 *
 * const session = createHankoSession({ apiUrl: 'https://auth.example.com' })
 * const unsubscribe = session.subscribe((state) => console.log(state.status))
 * unsubscribe()
 * ```
 */
export interface HankoSessionClient<TCustom extends object = object> {
  /** The current state: the same object until something changes. Never throws. */
  getSnapshot(): SessionState<TCustom>
  /** The initial (or last hydrated) state, identical on server and client, for SSR. */
  getServerSnapshot(): SessionState<TCustom>
  /**
   * Calls `listener` at once with the current state and after every change (Svelte's store contract);
   * returns the unsubscribe function. The first subscriber starts the store; the last one stops it.
   */
  subscribe(listener: (state: SessionState<TCustom>) => void): () => void
  /** Listens to one event; returns the function that stops listening. A listener also keeps the store started. */
  on<E extends keyof SessionEvents<TCustom>>(event: E, listener: (payload: SessionEvents<TCustom>[E]) => void): () => void
  /** Like `on`, for the next event only. */
  once<E extends keyof SessionEvents<TCustom>>(event: E, listener: (payload: SessionEvents<TCustom>[E]) => void): () => void
  /** Logs out through Hanko; resolves when this tab is signed out (a failure is in `state.error`). */
  logout(): Promise<void>
  /**
   * `fetch` to your own API with the session attached: `Authorization: Bearer` when the token is
   * readable, `credentials: 'include'` otherwise. On a 401 it asks Hanko once: if the session is over,
   * the state says why; either way the response is returned as is.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>
  /** Takes a server-made snapshot (see `sessionSnapshot`) unless this tab already knows better. */
  hydrate(snapshot: SessionSnapshot<TCustom>): void
  /** Stops everything and drops every listener; the store answers `getSnapshot` with its last state. */
  destroy(): void
}
