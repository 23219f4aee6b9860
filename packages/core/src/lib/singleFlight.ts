/**
 * Runs one operation at a time per key and lets concurrent callers share it, each with a deadline of
 * its own. The deadline is what makes sharing safe on Cloudflare Workers: there a fetch belongs to the
 * request that started it, and if that request ends first the shared promise never settles. A caller
 * that waits longer than the operation could legitimately take treats the flight as dead, and the next
 * caller starts a fresh one.
 */
export class SingleFlight<K, T> {
  private readonly flights = new Map<K, { promise: Promise<T>; startedAt: number }>()

  /**
   * @param maxDuration Longest an operation can take (its own timeout); after this (plus a grace
   *   period) a flight that has not settled is abandoned.
   * @param onAbandoned Makes the error a waiter gets for an abandoned flight.
   */
  constructor(
    private readonly maxDuration: number,
    private readonly onAbandoned: () => Error,
  ) {}

  /** `true` while an operation for `key` is under way. */
  has(key: K): boolean {
    const flight = this.flights.get(key)
    return flight !== undefined && !this.isAbandoned(flight)
  }

  run(key: K, operation: () => Promise<T>): Promise<T> {
    const existing = this.flights.get(key)
    if (existing !== undefined && !this.isAbandoned(existing)) return this.join(existing)
    const promise = operation()
    const flight = { promise, startedAt: Date.now() }
    this.flights.set(key, flight)
    const settle = (): void => {
      if (this.flights.get(key) === flight) this.flights.delete(key)
    }
    promise.then(settle, settle)
    return this.join(flight)
  }

  private isAbandoned(flight: { startedAt: number }): boolean {
    return Date.now() - flight.startedAt > this.maxDuration + GRACE_MS
  }

  private join(flight: { promise: Promise<T>; startedAt: number }): Promise<T> {
    const remaining = flight.startedAt + this.maxDuration + GRACE_MS - Date.now()
    let timer: ReturnType<typeof setTimeout> | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.onAbandoned()), Math.max(remaining, 0))
    })
    return Promise.race([flight.promise, deadline]).finally(() => clearTimeout(timer))
  }
}

/** Time beyond the operation's own timeout before a flight counts as dead. */
const GRACE_MS = 250
