import { describe, expect, it } from 'vitest'
import { validateInputs } from '../lib/flow/validateInputs.js'

describe('validateInputs (the Flow API’s input checks)', () => {
  it('flags every invalid input of a request, not only the first', () => {
    const result = validateInputs(
      [
        { name: 'email', type: 'email', required: true },
        { name: 'code', type: 'string', required: true },
        { name: 'note', type: 'string', max_length: 3 },
      ],
      { email: 'not-an-email', note: 'too long' },
    )
    expect(result).toEqual({
      ok: false,
      errors: {
        email: { code: 'value_invalid_error', message: 'The value is invalid.' },
        code: { code: 'value_missing_error', message: 'The value is missing.' },
        note: { code: 'value_too_long_error', message: 'The value is too long.' },
      },
    })
  })

  it('passes the normalised values when every input is valid', () => {
    expect(validateInputs([{ name: 'email', type: 'email', required: true }], { email: ' Alice@Example.COM ' })).toEqual({ ok: true, values: { email: 'alice@example.com' } })
  })
})
