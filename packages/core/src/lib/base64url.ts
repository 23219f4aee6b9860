const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

const ALPHABET_ONLY = /^[A-Za-z0-9_-]+$/

/** 6-bit value per char code, or -1 outside the base64url alphabet. */
const VALUES = new Int8Array(128).fill(-1)
for (let index = 0; index < ALPHABET.length; index++) VALUES[ALPHABET.charCodeAt(index)] = index

/**
 * `true` when `segment` is canonical, unpadded base64url: only alphabet characters, a length that
 * encodes whole bytes (never 4n+1), and zero bits in the unused tail of the last character. Anything
 * else has two spellings of the same bytes, and one token must have exactly one spelling (the
 * verified-token cache and every log line depend on that).
 */
export function isCanonicalBase64url(segment: string): boolean {
  const length = segment.length
  if (length === 0 || length % 4 === 1 || !ALPHABET_ONLY.test(segment)) return false
  const unusedBitMask = length % 4 === 2 ? 0b1111 : length % 4 === 3 ? 0b11 : 0
  return (VALUES[segment.charCodeAt(length - 1)]! & unusedBitMask) === 0
}

/** Decodes a segment that {@link isCanonicalBase64url} accepted. Runtime-neutral (no `atob`, no Buffer). */
export function decodeBase64url(segment: string): Uint8Array {
  const bytes = new Uint8Array(decodedLength(segment))
  decodeBase64urlInto(segment, bytes)
  return bytes
}

/** How many bytes a canonical segment decodes to. */
export function decodedLength(segment: string): number {
  return Math.floor((segment.length * 3) / 4)
}

/** Decodes a canonical segment into `bytes` (at least {@link decodedLength} long); returns the length. */
export function decodeBase64urlInto(segment: string, bytes: Uint8Array): number {
  const length = segment.length
  let byteIndex = 0
  let index = 0
  for (; index + 4 <= length; index += 4) {
    const bits =
      (VALUES[segment.charCodeAt(index)]! << 18) |
      (VALUES[segment.charCodeAt(index + 1)]! << 12) |
      (VALUES[segment.charCodeAt(index + 2)]! << 6) |
      VALUES[segment.charCodeAt(index + 3)]!
    bytes[byteIndex++] = bits >> 16
    bytes[byteIndex++] = (bits >> 8) & 0xff
    bytes[byteIndex++] = bits & 0xff
  }
  const rest = length - index
  if (rest >= 2) {
    const bits =
      (VALUES[segment.charCodeAt(index)]! << 18) |
      (VALUES[segment.charCodeAt(index + 1)]! << 12) |
      (rest === 3 ? VALUES[segment.charCodeAt(index + 2)]! << 6 : 0)
    bytes[byteIndex++] = bits >> 16
    if (rest === 3) bytes[byteIndex++] = (bits >> 8) & 0xff
  }
  return byteIndex
}
