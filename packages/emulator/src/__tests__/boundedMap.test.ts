import { describe, expect, it } from 'vitest'
import { BoundedMap } from '../lib/boundedMap.js'

/** The keys of `0..count-1` that `map` still holds (reading them refreshes them, so check once). */
function held(map: BoundedMap<number, string>, count: number): number[] {
  return Array.from({ length: count }, (_, key) => key).filter((key) => map.get(key) !== undefined)
}

describe('BoundedMap (the twin of core’s)', () => {
  it('never holds more than its capacity, however many keys come', () => {
    const map = new BoundedMap<number, string>(10)
    for (let key = 0; key < 1000; key++) map.set(key, `v${key}`)
    const kept = held(map, 1000)
    expect(kept.length).toBeLessThanOrEqual(10)
    // The newest half always survives.
    expect(kept).toEqual(expect.arrayContaining([995, 996, 997, 998, 999]))
  })

  it('keeps an entry that is read while others come and go', () => {
    const map = new BoundedMap<number, string>(10)
    map.set(-1, 'kept')
    for (let key = 0; key < 1000; key++) {
      map.set(key, `v${key}`)
      expect(map.get(-1)).toBe('kept')
    }
  })

  it('forgets an entry that is neither read nor written once a capacity of newer ones came', () => {
    const map = new BoundedMap<number, string>(10)
    map.set(-1, 'old')
    for (let key = 0; key < 10; key++) map.set(key, `v${key}`)
    expect(map.get(-1)).toBeUndefined()
  })

  it('overwrites, deletes and clears', () => {
    const map = new BoundedMap<string, number>(4)
    map.set('a', 1)
    map.set('a', 2)
    map.set('b', 3)
    map.set('c', 4)
    map.set('a', 5) // an old entry written again is young again
    expect([map.get('a'), map.get('b'), map.get('c')]).toEqual([5, 3, 4])
    map.delete('b')
    expect(map.get('b')).toBeUndefined()
    map.clear()
    expect([map.get('a'), map.get('c')]).toEqual([undefined, undefined])
  })
})
