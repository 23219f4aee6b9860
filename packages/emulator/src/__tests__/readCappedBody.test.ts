import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { readCappedBody } from '../lib/emulatorRequest.js'

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)

/** A web stream of `chunks` that records whether it was cancelled and how many chunks were pulled. */
function webStream(chunks: readonly Uint8Array[], failAfter?: number): { body: ReadableStream<Uint8Array>; cancelled: () => boolean; pulled: () => number } {
  let pulled = 0
  let cancelled = false
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (failAfter !== undefined && pulled === failAfter) return controller.error(new Error('connection reset'))
        const chunk = chunks[pulled++]
        if (chunk === undefined) controller.close()
        else controller.enqueue(chunk)
      },
      cancel() {
        cancelled = true
      },
    },
    { highWaterMark: 0 },
  )
  return { body, cancelled: () => cancelled, pulled: () => pulled }
}

/** A Node stream of `chunks` that records how many were read, drained ones included. */
function nodeStream(chunks: readonly Uint8Array[], failAfter?: number): { body: Readable; pulled: () => number } {
  let pulled = 0
  const body = new Readable({
    read() {
      if (failAfter !== undefined && pulled === failAfter) return void this.destroy(new Error('connection reset'))
      const chunk = chunks[pulled++]
      this.push(chunk === undefined ? null : Buffer.from(chunk))
    },
  })
  return { body, pulled: () => pulled }
}

const sources = { 'a web stream': webStream, 'a Node stream': nodeStream }

describe('readCappedBody, the emulator’s one capped body reader', () => {
  for (const [name, stream] of Object.entries(sources)) {
    it(`reads ${name}: text, empty, or not UTF-8`, async () => {
      expect(await readCappedBody({ body: stream([bytes('{"a":'), bytes('"ü"}')]).body, declaredLength: null }, 16)).toEqual({ kind: 'text', text: '{"a":"ü"}' })
      expect(await readCappedBody({ body: stream([]).body, declaredLength: null }, 16)).toEqual({ kind: 'empty' })
      expect(await readCappedBody({ body: stream([new Uint8Array([0xff, 0xfe])]).body, declaredLength: null }, 16)).toEqual({ kind: 'unreadable' })
    })

    it(`refuses ${name} over the cap, however long it says it is`, async () => {
      for (const declaredLength of [null, '5']) {
        const source = stream([bytes('x'.repeat(10)), bytes('x'.repeat(10)), bytes('the rest')])
        expect(await readCappedBody({ body: source.body, declaredLength }, 16)).toEqual({ kind: 'too-large' })
      }
      expect(await readCappedBody({ body: stream([bytes('x')]).body, declaredLength: '17' }, 16)).toEqual({ kind: 'too-large' })
    })

    it(`answers unreadable when ${name} fails mid-body`, async () => {
      expect(await readCappedBody({ body: stream([bytes('{"a":'), bytes('1}')], 1).body, declaredLength: null }, 16)).toEqual({ kind: 'unreadable' })
    })
  }

  it('answers no body as empty', async () => {
    expect(await readCappedBody({ body: null, declaredLength: null }, 16)).toEqual({ kind: 'empty' })
  })

  it('cancels a refused web stream without reading past the cap', async () => {
    const declared = webStream([bytes('x')])
    await readCappedBody({ body: declared.body, declaredLength: '17' }, 16)
    expect([declared.pulled(), declared.cancelled()]).toEqual([0, true])
    const streamed = webStream([bytes('x'.repeat(10)), bytes('x'.repeat(10)), bytes('never read')])
    await readCappedBody({ body: streamed.body, declaredLength: null }, 16)
    expect([streamed.pulled(), streamed.cancelled()]).toEqual([2, true])
  })

  it('drains a refused Node stream to its end, so the socket can answer', async () => {
    const declared = nodeStream([bytes('x'), bytes('y')])
    await readCappedBody({ body: declared.body, declaredLength: '17' }, 16)
    await expect.poll(() => declared.body.readableEnded).toBe(true)
    const streamed = nodeStream([bytes('x'.repeat(10)), bytes('x'.repeat(10)), bytes('the rest')])
    await readCappedBody({ body: streamed.body, declaredLength: null }, 16)
    await expect.poll(() => streamed.body.readableEnded).toBe(true)
    expect(streamed.pulled()).toBe(4)
  })
})
