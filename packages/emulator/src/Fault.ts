/**
 * A fault to inject on Hanko routes, for testing how a client copes with a slow or failing Hanko.
 * Faults never touch the `/__emulator/…` routes, nor CORS preflights (`OPTIONS`), so a test can always
 * clean up, and a browser sees the failure on the request itself.
 *
 * - `'latency'`: wait `latencyMs`, then answer normally.
 * - `'error'`: (after `latencyMs`, if given) answer `status` (default 503) with Hanko's plain error body.
 * - `'drop'`: (after `latencyMs`, if given) fail as a network error: `emulator.fetch` resolves
 *   `Response.error()`, the msw handlers turn that into a network error, and the CLI destroys the socket.
 *
 * @example
 * ```ts
 * emulator.faults.inject({ path: '/sessions/validate', kind: 'drop', times: 2 })
 * emulator.faults.inject({ path: '/login*', kind: 'latency', latencyMs: 3000 })
 * ```
 */
export interface FaultRule {
  /** An exact path (`'/me'`), a prefix ending in `*` (`'/sessions/*'`), or `'*'` for every Hanko route. */
  path: string
  /** Only requests with this method (case-insensitive). Default: any method. */
  method?: string
  kind: 'latency' | 'error' | 'drop'
  /** Milliseconds to wait first. Required for `'latency'`; at most 120000. */
  latencyMs?: number
  /** `'error'` only: the HTTP status, 500 to 599. Default is 503. */
  status?: number
  /** Only the next `times` matching requests, then the fault removes itself. Default: until removed. */
  times?: number
}

/** An injected fault, as `faults.inject()` and `faults.list()` return it. */
export interface Fault extends Readonly<FaultRule> {
  readonly id: string
  /**
   * Matching requests still to fail, or `undefined` when unlimited (no `times`); over HTTP the field is
   * then left out.
   */
  readonly remaining: number | undefined
  /** Requests this fault has hit so far. */
  readonly hits: number
}
