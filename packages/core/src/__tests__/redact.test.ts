import { describe, expect, it } from 'vitest'
import { describeValue, escapeUnsafe } from '../lib/redact.js'

describe('describeValue', () => {
  it('quotes and escapes control, bidi and zero-width characters', () => {
    expect(describeValue('a\u202eb\u200bc\nd\u0085e\u2066f\ufeff')).toBe('"a\\u202eb\\u200bc\\nd\\u0085e\\u2066f\\ufeff"')
  })

  it('cuts long text to 64 characters without splitting a surrogate pair', () => {
    expect(describeValue('x'.repeat(1000))).toBe(`"${'x'.repeat(64)}…"`)
    const shown = describeValue(`${'x'.repeat(63)}😀tail`)
    expect(shown).toBe(`"${'x'.repeat(63)}…"`)
  })

  it('shows at most four items of an array, and other values by type', () => {
    expect(describeValue(['a', 'b', 'c', 'd', 'e'])).toBe('["a", "b", "c", "d", …]')
    expect(describeValue([1, null, {}])).toBe('[1, null, object]')
    expect(describeValue(undefined)).toBe('undefined')
  })
})

describe('escapeUnsafe', () => {
  it('leaves safe text (including emoji and accents) untouched and escapes lone surrogates', () => {
    expect(escapeUnsafe('café 😀 "ok"')).toBe('café 😀 "ok"')
    expect(escapeUnsafe('a\ud800b')).toBe('a\\ud800b')
  })
})
