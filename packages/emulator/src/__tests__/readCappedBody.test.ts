import { describe, expect, it } from 'vitest'
import { readCappedBody } from '../lib/emulatorRequest.js'

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)

/** A web stream of `chunks` that records whether it was cancelled and how many chunks were pulled. */
function stream(chunks: readonly Uint8Array[], failAfter?: number): { body: ReadableStream<Uint8Array>; cancelled: () => boolean; pulled: () => number } {
  let pulled = 0
  let cancelled = false
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (failAfter !== undefined && pulled === failAfter) return controller.error(new Error('connection reset'))
      const chunk = chunks[pulled++]
      if (chunk === undefined) controller.close()
      else controller.enqueue(chunk)
    },
    cancel() {
      cancelled = true
    },
  }, { highWaterMark: 0 })
  return { body, cancelled: () => cancelled, pulled: () => pulled }
}

async function* iterable(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks
}

describe('readCappedBody, the emulator’s one capped body reader', () => {
  it('reads web streams and async iterables alike: text, empty, or not UTF-8', async () => {
    for (const source of [(chunks: Uint8Array[]) => stream(chunks).body, iterable]) {
      expect(await readCappedBody({ chunks: source([bytes('{"a":'), bytes('"ü"}')]), declaredLength: null }, 16)).toEqual({ kind: 'text', text: '{"a":"ü"}' })
      expect(await readCappedBody({ chunks: source([]), declaredLength: null }, 16)).toEqual({ kind: 'empty' })
      expect(await readCappedBody({ chunks: source([new Uint8Array([0xff, 0xfe])]), declaredLength: null }, 16)).toEqual({ kind: 'unreadable' })
    }
    expect(await readCappedBody({ chunks: null, declaredLength: null }, 16)).toEqual({ kind: 'empty' })
  })

  it('refuses a declared length over the cap before reading a byte, and lets the body go', async () => {
    const source = stream([bytes('x')])
    let discarded = 0
    expect(await readCappedBody({ chunks: source.body, declaredLength: '17', discard: () => discarded++ }, 16)).toEqual({ kind: 'too-large' })
    expect([source.pulled(), source.cancelled(), discarded]).toEqual([0, true, 1])
  })

  it('stops at the cap when the length is missing or lies, cancelling the stream', async () => {
    const source = stream([bytes('x'.repeat(10)), bytes('x'.repeat(10)), bytes('never read')])
    let discarded = 0
    expect(await readCappedBody({ chunks: source.body, declaredLength: '5', discard: () => discarded++ }, 16)).toEqual({ kind: 'too-large' })
    expect([source.pulled(), source.cancelled(), discarded]).toEqual([2, true, 1])
  })

  it('answers unreadable when the stream fails mid-body', async () => {
    expect(await readCappedBody({ chunks: stream([bytes('{"a":')], 1).body, declaredLength: null }, 16)).toEqual({ kind: 'unreadable' })
  })
})
