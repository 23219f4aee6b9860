import { SessionError } from '../SessionError.js'

const SP = 0x20
const HTAB = 0x09
const EQUALS = 0x3d

/** RFC 9110 tchar: the characters of an auth-scheme or a parameter name. */
const TCHAR = charTable("!#$%&'*+-.^_`|~")
/**
 * A run of RFC 9110 token68 characters (without the "=" padding). One character class, greedy, with
 * nothing after it to retry: it cannot backtrack, and it scans long tokens natively.
 */
const TOKEN68_RUN = /[A-Za-z0-9\-._~+/]+/y

function charTable(symbols: string): Uint8Array {
  const table = new Uint8Array(128)
  for (let code = 0; code < 128; code++) {
    const char = String.fromCharCode(code)
    if (/[A-Za-z0-9]/.test(char) || symbols.includes(char)) table[code] = 1
  }
  return table
}

const isWhitespace = (code: number): boolean => code === SP || code === HTAB
const isIn = (table: Uint8Array, code: number): boolean => code < 128 && table[code] === 1

/**
 * The Bearer token among a request's `Authorization` values, or `undefined` when none uses the Bearer
 * scheme (other schemes are not ours).
 *
 * A value may hold several credentials separated by commas: fetch's `Headers` joins repeated headers
 * with ", ", so `Basic x, Bearer t` is what two headers look like there. Every comma-separated element
 * whose first word is `Bearer` (any case) must be exactly `Bearer <token68>`, and the element after it
 * must start another credential (a parameter such as `realm=…` would belong to the Bearer credential,
 * which has none). All Bearer tokens of all values must be the same token.
 *
 * One pass over each value, character by character: no regular expression, so no backtracking on
 * crafted input.
 *
 * @throws SessionError `ERR_TOKEN_MALFORMED` for a broken Bearer credential, `ERR_AMBIGUOUS_TOKEN` for two
 *   different Bearer tokens.
 */
export function bearerTokenOf(values: readonly string[]): string | undefined {
  let token: string | undefined
  // A Node request shows the same value in `headers` and `rawHeaders`: read each distinct value once.
  for (const value of values.length > 1 ? new Set(values) : values) {
    let afterBearer = false
    let start = 0
    while (start <= value.length) {
      let end = value.indexOf(',', start)
      if (end === -1) end = value.length
      let first = start
      let last = end
      while (first < last && isWhitespace(value.charCodeAt(first))) first++
      while (last > first && isWhitespace(value.charCodeAt(last - 1))) last--
      start = end + 1
      if (first === last) continue // RFC 9110 §5.6.1: empty list elements are ignored.

      let schemeEnd = first
      while (schemeEnd < last && isIn(TCHAR, value.charCodeAt(schemeEnd))) schemeEnd++
      if (schemeEnd - first === 6 && value.slice(first, schemeEnd).toLowerCase() === 'bearer') {
        const found = tokenAfterScheme(value, schemeEnd, last)
        if (token !== undefined && token !== found) {
          throw new SessionError('ERR_AMBIGUOUS_TOKEN', 'The request carries more than one Bearer token.')
        }
        token = found
        afterBearer = true
        continue
      }
      if (afterBearer && !startsCredential(value, first, schemeEnd, last)) throw malformed()
      afterBearer = false
    }
  }
  return token
}

/** `1*SP token68` from `from` to `to`, or a thrown ERR_TOKEN_MALFORMED. */
function tokenAfterScheme(value: string, from: number, to: number): string {
  let index = from
  while (index < to && isWhitespace(value.charCodeAt(index))) index++
  if (index === from || index === to) throw malformed()
  const tokenStart = index
  TOKEN68_RUN.lastIndex = tokenStart
  if (!TOKEN68_RUN.test(value)) throw malformed()
  // The run stops at the element's end at the latest: commas and whitespace are not token68.
  index = TOKEN68_RUN.lastIndex
  while (index < to && value.charCodeAt(index) === EQUALS) index++
  if (index !== to) throw malformed()
  return value.slice(tokenStart, to)
}

/** An auth-scheme, alone or followed by whitespace and anything but "=" (which would make it a parameter). */
function startsCredential(value: string, first: number, schemeEnd: number, last: number): boolean {
  if (schemeEnd === first) return false
  if (schemeEnd === last) return true
  if (!isWhitespace(value.charCodeAt(schemeEnd))) return false
  let index = schemeEnd
  while (index < last && isWhitespace(value.charCodeAt(index))) index++
  return value.charCodeAt(index) !== EQUALS
}

function malformed(): SessionError {
  return new SessionError('ERR_TOKEN_MALFORMED', 'The Authorization header has the Bearer scheme but not exactly one token after it.')
}
