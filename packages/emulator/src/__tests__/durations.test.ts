import { describe, expect, it } from 'vitest'
import { parseCliArgs } from '../cli/parseCliArgs.js'
import { createHankoEmulator } from '../index.js'
import { call, fixedClock, freshEmulator } from './helpers.js'

const now = fixedClock()
const START = now()
const BAD = ['forever', '5 minutes', '1y', '-5s', '', '1h-30m', -1, Number.NaN, Number.POSITIVE_INFINITY, null, true, {}]

describe('durations: one form everywhere', () => {
  it('take a string with its unit or a number of seconds in every option', async () => {
    for (const sessionLifetime of ['1h30m', '90m', '5400s', 5400, '5400']) {
      const hanko = await freshEmulator({ now, sessionLifetime, idleTimeout: '15m', passcodeTtl: 120 })
      const { expiresAt } = await hanko.mintSessionToken()
      expect(expiresAt).toEqual(new Date(START + 5_400_000))
      expect(hanko.sessions.list()[0]!.idleExpiresAt).toEqual(new Date(START + 900_000))
    }
  })

  it('refuse a bad option with ERR_INVALID_OPTIONS naming the option and the accepted form', () => {
    for (const sessionLifetime of [...BAD, '1500ms', 0, '0s']) {
      expect(() => createHankoEmulator({ sessionLifetime: sessionLifetime as never })).toThrow(
        expect.objectContaining({ name: 'EmulatorError', code: 'ERR_INVALID_OPTIONS', message: expect.stringContaining('"sessionLifetime"') }),
      )
    }
    expect(() => createHankoEmulator({ idleTimeout: '5 minutes' })).toThrow("must be a duration such as '90s', '5m' or '1h30m', or a number of seconds")
  })

  it('give mintSessionToken a lifetime as a string or seconds, and refuse anything else', async () => {
    const hanko = await freshEmulator({ now })
    for (const lifetime of ['10m', '600s', 600, '600']) {
      expect((await hanko.mintSessionToken({ lifetime })).expiresAt).toEqual(new Date(START + 600_000))
    }
    for (const lifetime of [...BAD, 0, '0.5s', 1.5]) {
      await expect(hanko.mintSessionToken({ lifetime: lifetime as never })).rejects.toMatchObject({ name: 'EmulatorError', code: 'ERR_INVALID_ARGUMENT' })
    }
    await expect(hanko.mintSessionToken({ lifetime: 'soon' })).rejects.toThrow(`"lifetime" must be a duration such as '90s', '5m' or '1h30m', or a number of seconds, got "soon".`)
  })

  it('move the clock by a number of seconds, like every other duration', async () => {
    const hanko = await freshEmulator({ now })
    expect(hanko.clock.advance(90)).toBe(START + 90_000)
    expect(hanko.clock.advance('1h30m')).toBe(START + 90_000 + 5_400_000)
    expect(hanko.clock.advance('250ms')).toBe(START + 90_250 + 5_400_000)
    for (const by of BAD) expect(() => hanko.clock.advance(by as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }))
  })

  it('read the same form from the dev routes’ JSON, with a 400 that says why', async () => {
    const hanko = await freshEmulator({ now })
    for (const lifetime of ['10m', 600]) {
      const minted = await call(hanko, '/__emulator/sessions', { json: { lifetime } })
      expect(minted).toMatchObject({ status: 201, body: { expiresAt: new Date(START + 600_000).toISOString() } })
    }
    const refused = await call(hanko, '/__emulator/sessions', { json: { lifetime: 'soon' } })
    expect(refused).toMatchObject({ status: 400, body: { error: 'ERR_INVALID_ARGUMENT', message: expect.stringContaining("'90s', '5m' or '1h30m', or a number of seconds") } })
    expect((await call(hanko, '/__emulator/clock', { json: { advance: 90 } })).body.epochMs).toBe(START + 90_000)
    expect((await call(hanko, '/__emulator/clock', { json: { advance: '-1m' } })).body).toMatchObject({ error: 'ERR_INVALID_ARGUMENT' })
  })

  it('read the same form from the CLI flags, where a bare number is seconds', () => {
    expect(parseCliArgs(['--lifetime', '90']).options.sessionLifetime).toBe(90)
    expect(parseCliArgs(['--lifetime', '1h30m', '--idle-timeout', '15m']).options).toMatchObject({ sessionLifetime: 5400, idleTimeout: 900 })
    expect(() => parseCliArgs(['--lifetime', 'forever'])).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringContaining('--lifetime must be a duration') }))
    expect(() => parseCliArgs(['--lifetime', '0'])).toThrow('--lifetime must be at least 1 second')
  })
})
