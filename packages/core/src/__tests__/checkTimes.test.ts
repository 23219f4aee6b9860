import { describe, expect, it } from 'vitest'
import { checkTimes } from '../lib/claims.js'

describe('checkTimes', () => {
  it('fails closed when any input is NaN', () => {
    const exp = 2_000_000_000
    for (const [now, tolerance] of [
      [Number.NaN, 5],
      [1_000_000_000, Number.NaN],
    ]) {
      expect(() => checkTimes(exp, undefined, now!, tolerance!)).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_EXPIRED' }))
    }
    expect(() => checkTimes(exp, Number.NaN, 1_000_000_000, 5)).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_NOT_YET_VALID' }))
  })
})
