import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SingleFlight } from '../lib/singleFlight.js'

describe('SingleFlight', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('shares one operation between concurrent callers', async () => {
    const flight = new SingleFlight<string, number>(1_000, () => new Error('abandoned'))
    const operation = vi.fn(() => new Promise<number>((resolve) => setTimeout(() => resolve(42), 100)))
    const results = Promise.all([flight.run('k', operation), flight.run('k', operation), flight.run('k', operation)])
    await vi.advanceTimersByTimeAsync(100)
    expect(await results).toEqual([42, 42, 42])
    expect(operation).toHaveBeenCalledTimes(1)
    expect(flight.has('k')).toBe(false)
  })

  it('starts a fresh operation for a caller whose shared one never settles (a request that ended on workerd)', async () => {
    const flight = new SingleFlight<string, string>(1_000, () => new Error('abandoned'))
    const stranded = flight.run('k', () => new Promise<string>(() => {}))
    stranded.catch(() => {})
    const waiter = flight.run('k', () => Promise.resolve('fresh'))
    await vi.advanceTimersByTimeAsync(1_251)
    expect(await waiter).toBe('fresh')
    await expect(stranded).rejects.toThrow('abandoned')
  })

  it('does not share a failure with later callers', async () => {
    const flight = new SingleFlight<string, string>(1_000, () => new Error('abandoned'))
    await expect(flight.run('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down')
    expect(await flight.run('k', () => Promise.resolve('up'))).toBe('up')
  })
})
