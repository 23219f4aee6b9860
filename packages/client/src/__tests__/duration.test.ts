import { describe, expect, it } from 'vitest'
import { parseDuration } from '../lib/duration.js'

describe('duration options', () => {
  it.each([
    ['30s', 30_000],
    ['250ms', 250],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1d', 86_400_000],
    [90, 90_000],
    ['90', 90_000],
  ] as const)('%j is %i ms', (value, ms) => {
    expect(parseDuration(value, 'checkInterval')).toBe(ms)
  })

  it.each(['', '5 minutes', '1y', '-5s', 'm', '5m ', Number.NaN, -1])('refuses %j with ERR_INVALID_OPTIONS naming the option', (value) => {
    expect(() => parseDuration(value, 'expiringLeadTime')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', message: expect.stringContaining('expiringLeadTime') }))
  })
})
