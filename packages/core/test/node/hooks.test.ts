/**
 * Hooks against the process itself: a hook that throws or rejects must never surface as an
 * unhandled rejection, which ends a Node process (Node's default `--unhandled-rejections=throw`).
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type Fixture, NOW_SECONDS, createFixture } from '../conformance/harness.js'

let fixture: Fixture
const unhandled: unknown[] = []
const record = (reason: unknown): void => void unhandled.push(reason)

beforeAll(async () => {
  fixture = await createFixture()
})
beforeEach(() => {
  unhandled.length = 0
  process.on('unhandledRejection', record)
})
afterEach(() => {
  process.off('unhandledRejection', record)
})

/** Long enough for Node to report a rejection nobody handled (it checks after the microtask queue drains). */
const drain = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20))

describe('verifier hooks', () => {
  for (const [kind, makeHook] of [
    ['returns a rejected promise', () => () => Promise.reject(new Error('hook rejected'))],
    ['is an async function that throws', () => async () => {
      throw new Error('async hook threw')
    }],
    ['throws synchronously', () => () => {
      throw new Error('hook threw')
    }],
  ] as const) {
    it(`never cause an unhandled rejection when a hook ${kind}`, async () => {
      const hanko = fixture.hanko()
      // Hooks are typed to return nothing, yet an async hook is what users write.
      const hook = makeHook() as () => void
      const verifier = hanko.verifier({ onJwksFetch: hook, onJwksError: hook, onStaleKeys: hook, onUnknownKid: hook, tokenCache: false })
      const token = await fixture.mint({ claims: fixture.claims({ exp: NOW_SECONDS + 3 * 3600 }) })
      await verifier.verify(token)
      await expect(verifier.verify(await fixture.mint({ key: { ...fixture.attackerKey, kid: 'invented' } }))).rejects.toMatchObject({ code: 'ERR_NO_MATCHING_KEY' })
      hanko.respondJwks({ status: 500, body: '' })
      hanko.clock.advance(11 * 60_000)
      await verifier.verify(token)
      await drain()
      await verifier.verify(token)
      await drain()
      expect(unhandled).toEqual([])
    })
  }
})
