/**
 * A value now, or later. The verifier's hot path (fresh keys, node:crypto, a cached token) completes
 * without a single `await`: each one would cost a microtask turn per verification, which at tens of
 * thousands of verifications per second is measurable.
 */
export type MaybePromise<T> = T | Promise<T>

/** Applies `next` at once to a plain value, or after a promise settles. Synchronous throws stay synchronous. */
export function andThen<T, U>(value: MaybePromise<T>, next: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return value instanceof Promise ? value.then(next) : next(value)
}
