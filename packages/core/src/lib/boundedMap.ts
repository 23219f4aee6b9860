/**
 * A Map that never holds more than `capacity` entries, forgetting the least recently used first.
 * Caches fed by attacker-chosen input (tokens, session ids) must have a ceiling.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>()

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size
  }

  /** The value, marking it as recently used. */
  get(key: K): V | undefined {
    const value = this.entries.get(key)
    if (value !== undefined) {
      // Re-inserting moves the key to the end of the Map's insertion order, which is our recency order.
      this.entries.delete(key)
      this.entries.set(key, value)
    }
    return value
  }

  set(key: K, value: V): void {
    this.entries.delete(key)
    this.entries.set(key, value)
    if (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value as K)
    }
  }

  delete(key: K): void {
    this.entries.delete(key)
  }

  clear(): void {
    this.entries.clear()
  }
}
