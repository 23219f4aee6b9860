/**
 * A Map that never holds more than `capacity` entries. Caches fed by attacker-chosen input (tokens,
 * session ids) must have a ceiling.
 *
 * Two generations instead of a strict LRU list: entries go into the young generation; when it is full
 * it becomes the old one and the previous old one is dropped whole; reading an old entry moves it back
 * to the young one. Recently used entries survive, and every operation is O(1) with no per-entry
 * bookkeeping. (Deleting the oldest key of one big Map per insert is not O(1) in V8: the hash table
 * keeps deleted slots until it is rebuilt, and finding the first live key walks over them.)
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

  private insert(key: K, value: V): void {
    if (this.young.size >= this.generationSize) {
      this.old = this.young
      this.young = new Map()
    }
    this.young.set(key, value)
  }
}
