import { describe, expect, it } from 'vitest'
import { StrictJsonError, parseStrictJson } from '../lib/strictJson.js'

/** Deterministic pseudo-random numbers, so a failure is reproducible from its seed. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) & 0x7fffffff
    return state / 0x7fffffff
  }
}

const PIECES = ['{', '}', '[', ']', ',', ':', '"a"', '"b"', '"\\u0061"', '"\\n"', '"\\x"', '1', '-0', '1e3', '01', '1.', '.5', 'true', 'fals', 'null', ' ', '\t', '\u00a0', '"\u0001"', '"é"', '"\\ud800"', '-', '2E-2']

describe('parseStrictJson', () => {
  it('reads what JSON.parse reads, for documents without duplicate or forbidden names', () => {
    for (const text of ['{"sub":"x","n":[1,2.5,-3e2,true,false,null],"o":{"p":"\\u00e9\\n\\"q\\""}}', ' [ ] ', '"\\ud83d\\ude00"', '0', '-0.5E+2']) {
      expect(parseStrictJson(text)).toEqual(JSON.parse(text))
    }
  })

  it('never accepts what JSON.parse rejects, and agrees on every value both accept (20,000 random documents)', () => {
    const next = random(7)
    for (let round = 0; round < 20_000; round++) {
      const length = 1 + Math.floor(next() * 12)
      let text = ''
      for (let index = 0; index < length; index++) text += PIECES[Math.floor(next() * PIECES.length)]
      let expected: unknown
      let nativeAccepts = true
      try {
        expected = JSON.parse(text)
      } catch {
        nativeAccepts = false
      }
      let strict: unknown
      let strictAccepts = true
      try {
        strict = parseStrictJson(text)
      } catch (error) {
        expect(error).toBeInstanceOf(StrictJsonError)
        strictAccepts = false
      }
      if (!nativeAccepts) expect(strictAccepts, `accepted ${JSON.stringify(text)}`).toBe(false)
      if (strictAccepts) expect(strict, JSON.stringify(text)).toEqual(expected)
    }
  })

  it('rejects duplicate member names, also when spelled with escapes', () => {
    expect(() => parseStrictJson('{"a":1,"a":2}')).toThrow(/duplicate/)
    expect(() => parseStrictJson('{"a":1,"\\u0061":2}')).toThrow(/duplicate/)
    expect(() => parseStrictJson('{"o":{"a":1,"a":1}}')).toThrow(/duplicate/)
  })

  it('rejects prototype-polluting names at any depth', () => {
    for (const name of ['__proto__', 'constructor', 'prototype', '\\u005f_proto__']) {
      expect(() => parseStrictJson(`{"${name}":{}}`)).toThrow(/not allowed/)
      expect(() => parseStrictJson(`[{"x":{"${name}":1}}]`)).toThrow(/not allowed/)
    }
  })

  it('returns objects that inherit nothing and whose prototype chain cannot change', () => {
    const value = parseStrictJson('{"a":{"b":1}}') as Record<string, Record<string, number>>
    for (const object of [value, value['a']!]) {
      expect(object instanceof Object).toBe(false)
      expect('toString' in object || '__proto__' in object || 'hasOwnProperty' in object).toBe(false)
      expect(Object.getPrototypeOf(Object.getPrototypeOf(object))).toBeNull()
      expect(Object.isFrozen(Object.getPrototypeOf(object))).toBe(true)
    }
  })

  it('rejects a byte order mark, non-JSON whitespace and deep nesting', () => {
    expect(() => parseStrictJson('\ufeff{}')).toThrow(StrictJsonError)
    expect(() => parseStrictJson('{}\u00a0')).toThrow(StrictJsonError)
    expect(() => parseStrictJson(`${'['.repeat(33)}${']'.repeat(33)}`)).toThrow(/deeply/)
    expect(parseStrictJson(`${'['.repeat(32)}${']'.repeat(32)}`)).toBeInstanceOf(Array)
  })
})
