/**
 * Runs one operation at a time per key and lets concurrent callers share it, each with a deadline of
 * its own. The deadline is what makes sharing safe on Cloudflare Workers: there a fetch belongs to the
 * request that started it, and if that request ends first the shared promise never settles. A caller
 * that waits longer than the operation could legitimately take treats the flight as dead and starts a
 * fresh one (which later callers then share).
 */
export class SingleFlight<K, T> {
  private readonly flights = new Map<K, Flight<T>>()

  /**
   * @param maxDuration Longest an operation can take (its own timeout); after this (plus a grace
   *   period) a flight that has not settled is abandoned.
   * @param onAbandoned Makes the error for a caller whose own operation never settled.
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

  /** The result of the operation under way for `key`, or of `operation`, started now. */
  run(key: K, operation: () => Promise<T>): Promise<T> {
    const existing = this.flights.get(key)
    if (existing === undefined || this.isAbandoned(existing)) return this.start(key, operation)
    return this.join(existing).catch((error: unknown) => {
      if (!(error instanceof Abandoned)) throw error
      if (this.flights.get(key) === existing) this.flights.delete(key)
      return this.run(key, operation)
    })
  }

  private start(key: K, operation: () => Promise<T>): Promise<T> {
    const flight: Flight<T> = { promise: operation(), startedAt: Date.now() }
    this.flights.set(key, flight)
    const settle = (): void => {
      if (this.flights.get(key) === flight) this.flights.delete(key)
    }
    flight.promise.then(settle, settle)
    return this.join(flight).catch((error: unknown) => {
      throw error instanceof Abandoned ? this.onAbandoned() : error
    })
  }

  private isAbandoned(flight: Flight<T>): boolean {
    return Date.now() - flight.startedAt > this.maxDuration + GRACE_MS
  }

  private join(flight: Flight<T>): Promise<T> {
    const remaining = flight.startedAt + this.maxDuration + GRACE_MS - Date.now()
    let timer: ReturnType<typeof setTimeout> | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Abandoned()), Math.max(remaining, 0))
    })
    return Promise.race([flight.promise, deadline]).finally(() => clearTimeout(timer))
  }
}

interface Flight<T> {
  readonly promise: Promise<T>
  readonly startedAt: number
}

/** Time beyond the operation's own timeout before a flight counts as dead. */
const GRACE_MS = 250
/** Internal: the deadline of a joined flight passed. Never leaves this file. */
class Abandoned extends Error {}
