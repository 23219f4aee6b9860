const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** A random UUIDv4, as Hanko uses for users, emails, sessions, flows and key ids. */
export function uuid(): string {
  return crypto.randomUUID()
}

/** A csrf token like flowpilot's: 32 characters of [0-9A-Za-z]. */
export function csrfToken(): string {
  return randomString(ALPHANUMERIC, 32)
}

/** Random bytes drawn ahead for {@link requestId}: one `getRandomValues` per ~100 responses instead of one each. */
const requestIdBytes = new Uint8Array(4096)
let requestIdOffset = requestIdBytes.length

/** An `X-Request-Id` like echo's RequestID middleware makes: 32 characters of [A-Za-z]. Every response gets one. */
export function requestId(): string {
  const limit = 256 - (256 % LETTERS.length)
  let id = ''
  while (id.length < 32) {
    if (requestIdOffset === requestIdBytes.length) {
      crypto.getRandomValues(requestIdBytes)
      requestIdOffset = 0
    }
    const byte = requestIdBytes[requestIdOffset++]!
    if (byte < limit) id += LETTERS[byte % LETTERS.length]
  }
  return id
}

/** A 6-digit numeric passcode, leading zeros included. */
export function numericPasscode(): string {
  return randomString('0123456789', 6)
}

function randomString(alphabet: string, length: number): string {
  // Rejection sampling keeps every character equally likely (no modulo bias).
  const limit = 256 - (256 % alphabet.length)
  let result = ''
  while (result.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit) result += alphabet[byte % alphabet.length]
      if (result.length === length) break
    }
  }
  return result
}

/**
 * Compares two strings in time that depends only on their length. Csrf tokens have a fixed, public
 * length, so an early exit on a length mismatch leaks nothing.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let difference = 0
  for (let index = 0; index < a.length; index++) difference |= a.charCodeAt(index) ^ b.charCodeAt(index)
  return difference === 0
}
