import { describe, expect, it } from 'vitest'
import { decodeBase64url, isCanonicalBase64url } from '../lib/base64url.js'

const reference = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url')

describe('base64url', () => {
  it('decodes every length and byte value exactly like Node', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = Uint8Array.from({ length }, (_, index) => (index * 97 + length * 31) & 0xff)
      const encoded = reference(bytes)
      if (length > 0) expect(isCanonicalBase64url(encoded)).toBe(true)
      expect(decodeBase64url(encoded)).toEqual(bytes)
    }
  })

  it('accepts exactly one spelling of each byte string', () => {
    expect(isCanonicalBase64url('AQ')).toBe(true)
    expect(isCanonicalBase64url('AR')).toBe(false) // unused bits set
    expect(isCanonicalBase64url('AQB')).toBe(false)
    expect(isCanonicalBase64url('AQA')).toBe(true)
    expect(isCanonicalBase64url('AQAB=')).toBe(false)
    expect(isCanonicalBase64url('A')).toBe(false) // 4n+1 characters encode no whole bytes
    expect(isCanonicalBase64url('')).toBe(false)
    for (const character of ['+', '/', '=', ' ', '\n', '.', 'é', '\u0000']) expect(isCanonicalBase64url(`AQ${character}A`)).toBe(false)
  })
})
