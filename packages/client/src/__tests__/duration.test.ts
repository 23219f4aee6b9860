import { describe, expect, it } from 'vitest'
import { parseDuration } from '../lib/duration.js'

/** The same forms as `parseDuration` of `@hanko-session/core` (its twin). */
describe('duration options', () => {
  it.each([
    ['30s', 30_000],
    ['250ms', 250],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1d', 86_400_000],
    [90, 90_000],
    ['90', 90_000],
    ['1.5', 1_500],
    [' 5m ', 300_000],
    [0.0004, 0],
  ] as const)('%j is %i ms', (value, ms) => {
    expect(parseDuration(value, 'checkInterval')).toBe(ms)
  })

  it.each(['', '5 minutes', '1y', '-5s', 'm', '5m 30s', Number.NaN, Number.POSITIVE_INFINITY, -1, 1e300])('refuses %j with ERR_INVALID_OPTIONS naming the option', (value) => {
    expect(() => parseDuration(value, 'expiringLeadTime')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', message: expect.stringContaining('expiringLeadTime') }))
  })
})
