import { describe, expect, it } from 'vitest'
import { parseDuration } from '../Duration.js'

describe('parseDuration', () => {
  it('reads each unit', () => {
    expect(parseDuration('250ms')).toBe(250)
    expect(parseDuration('90s')).toBe(90_000)
    expect(parseDuration('5m')).toBe(300_000)
    expect(parseDuration('12h')).toBe(43_200_000)
    expect(parseDuration('1d')).toBe(86_400_000)
    expect(parseDuration('1.5s')).toBe(1500)
  })

  it('adds up sums of units', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000)
    expect(parseDuration('1m30s')).toBe(90_000)
    expect(parseDuration('2s500ms')).toBe(2500)
    expect(parseDuration(' 1d12h ')).toBe(129_600_000)
  })

  it('reads a number, or a string of digits, as seconds', () => {
    expect(parseDuration(90)).toBe(90_000)
    expect(parseDuration(0)).toBe(0)
    expect(parseDuration(0.25)).toBe(250)
    expect(parseDuration('90')).toBe(90_000)
    expect(parseDuration('1.5')).toBe(1500)
  })

  it('refuses everything else', () => {
    for (const value of [
      -1,
      '-5s',
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '',
      ' ',
      '5 minutes',
      '5 m',
      '1y',
      '1h 30m',
      's',
      '1.s',
      '0x10',
      '1e3',
      Number.MAX_SAFE_INTEGER,
      `${'9'.repeat(20)}ms`,
      null,
      undefined,
      true,
      {},
      [5],
      10n,
    ]) {
      expect(parseDuration(value), String(value)).toBeUndefined()
    }
  })
})
