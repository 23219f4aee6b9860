/**
 * A Map that never holds more than `capacity` entries, for everything a client can make the emulator
 * remember (flows, passcodes, rate-limit windows, origins, answers).
 *
 * The same strategy as its twin in `@hanko-session/core` (`packages/core/src/lib/boundedMap.ts`,
 * internal there, so copied rather than imported; keep the two alike, this one adds `clear`): two
 * generations instead of a strict LRU list. Entries go into the young generation; when it is full it
 * becomes the old one and the previous old one is dropped whole; reading or writing an old entry moves
 * it back to the young one. Recently used entries survive, and every operation is O(1) with no
 * per-entry bookkeeping. (Deleting the oldest key of one big Map per insert is not O(1) in V8: the hash
 * table keeps deleted slots until it is rebuilt, and finding the first live key walks over them.)
 *
 * @example
 * ```ts
 * const flows = new BoundedMap<string, FlowRecord>(LIMITS.maxFlows)
 * flows.set(record.id, record)
 * flows.get(record.id) // the record, now among the young entries
 * ```
 */
export class BoundedMap<K, V> {
  private young = new Map<K, V>()
  private old = new Map<K, V>()
  private readonly generationSize: number

  constructor(capacity: number) {
    this.generationSize = Math.max(1, Math.floor(capacity / 2))
  }

  get(key: K): V | undefined {
    const value = this.young.get(key)
    if (value !== undefined) return value
    const aged = this.old.get(key)
    if (aged !== undefined) {
      this.old.delete(key)
      this.insert(key, aged)
    }
    return aged
  }

  set(key: K, value: V): void {
    if (this.young.has(key)) this.young.set(key, value)
    else {
      this.old.delete(key)
      this.insert(key, value)
    }
  }

  delete(key: K): void {
    this.young.delete(key)
    this.old.delete(key)
  }

  clear(): void {
    this.young = new Map()
    this.old = new Map()
  }

  private insert(key: K, value: V): void {
    if (this.young.size >= this.generationSize) {
      this.old = this.young
      this.young = new Map()
    }
    this.young.set(key, value)
  }
}
