/**
 * Sets `key` in `map`, then forgets the oldest entries while the map holds more than `capacity`.
 * Re-setting a key moves it to the end, so "oldest" means least recently written.
 */
export function setCapped<K, V>(map: Map<K, V>, key: K, value: V, capacity: number): void {
  map.delete(key)
  map.set(key, value)
  while (map.size > capacity) map.delete(map.keys().next().value as K)
}
