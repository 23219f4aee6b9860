/**
 * A JSON parser for data an attacker wrote (token headers and payloads, JWKS bodies) that is stricter
 * than `JSON.parse`: duplicate member names (where `JSON.parse` silently keeps the last, so a signed
 * `{"sub":"alice","sub":"admin"}` reads differently to different parsers) and the prototype-polluting
 * names `__proto__`, `constructor` and `prototype` are rejected; a byte order mark is an error, not
 * whitespace; nesting is bounded. Objects and arrays come back frozen, and objects without
 * `Object.prototype` in their chain (see `JsonObject` below). Everything `JSON.parse` rejects is rejected too, and every document both
 * accept parses to the same values.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

export class StrictJsonError extends Error {
  override readonly name = 'StrictJsonError'
}

/**
 * The constructor of parsed objects. Their prototype is an empty, frozen object whose own prototype is
 * null: nothing is inherited (no `toString`, no `__proto__` accessor), nothing can be added to the chain,
 * and unlike `Object.create(null)` objects V8 keeps them in its fast property representation.
 */
const JsonObject = function JsonObject() {} as unknown as new () => { [key: string]: JsonValue }
JsonObject.prototype = Object.freeze(Object.create(null) as object)

const MAX_DEPTH = 32
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype'])
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y

// JSON strings may not contain raw control characters; this finds them (and escapes) in one native pass.
// eslint-disable-next-line no-control-regex
const ESCAPE_OR_CONTROL = /[\\\x00-\x1f]/
const QUOTE = 0x22
const BACKSLASH = 0x5c

export function parseStrictJson(text: string): JsonValue {
  const parser = new Parser(text)
  parser.skipWhitespace()
  const value = parser.value(0)
  parser.skipWhitespace()
  if (parser.index !== text.length) parser.fail('unexpected data after the JSON value')
  return value
}

class Parser {
  index = 0
  constructor(private readonly text: string) {}

  fail(reason: string): never {
    throw new StrictJsonError(`Invalid JSON at offset ${this.index}: ${reason}`)
  }

  skipWhitespace(): void {
    const text = this.text
    let index = this.index
    for (;;) {
      const code = text.charCodeAt(index)
      // JSON whitespace is exactly these four; notably not U+FEFF (BOM) or U+00A0.
      if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) index++
      else break
    }
    this.index = index
  }

  value(depth: number): JsonValue {
    const code = this.text.charCodeAt(this.index)
    if (code === 0x7b) return this.object(depth + 1)
    if (code === 0x5b) return this.array(depth + 1)
    if (code === QUOTE) return this.string()
    if (code === 0x74) return this.literal('true', true)
    if (code === 0x66) return this.literal('false', false)
    if (code === 0x6e) return this.literal('null', null)
    if (code === 0x2d || (code >= 0x30 && code <= 0x39)) return this.number()
    return this.fail(Number.isNaN(code) ? 'unexpected end' : 'unexpected character')
  }

  object(depth: number): { [key: string]: JsonValue } {
    if (depth > MAX_DEPTH) this.fail('nested too deeply')
    const result = new JsonObject()
    this.index++
    this.skipWhitespace()
    if (this.text.charCodeAt(this.index) === 0x7d) {
      this.index++
      return Object.freeze(result)
    }
    for (;;) {
      if (this.text.charCodeAt(this.index) !== QUOTE) this.fail('expected a member name')
      const name = this.string()
      // The forbidden names are 9 or 11 characters long: most names skip the set lookup.
      if ((name.length === 9 || name.length === 11) && FORBIDDEN_NAMES.has(name)) this.fail(`member name "${name}" is not allowed`)
      // `in` sees own members only: the prototype chain is one empty, frozen object.
      if (name in result) this.fail('duplicate member name')
      this.skipWhitespace()
      if (this.text.charCodeAt(this.index) !== 0x3a) this.fail('expected ":"')
      this.index++
      this.skipWhitespace()
      result[name] = this.value(depth)
      this.skipWhitespace()
      const code = this.text.charCodeAt(this.index++)
      if (code === 0x7d) return Object.freeze(result)
      if (code !== 0x2c) this.fail('expected "," or "}"')
      this.skipWhitespace()
    }
  }

  array(depth: number): JsonValue[] {
    if (depth > MAX_DEPTH) this.fail('nested too deeply')
    const result: JsonValue[] = []
    this.index++
    this.skipWhitespace()
    if (this.text.charCodeAt(this.index) === 0x5d) {
      this.index++
      return Object.freeze(result) as JsonValue[]
    }
    for (;;) {
      result.push(this.value(depth))
      this.skipWhitespace()
      const code = this.text.charCodeAt(this.index++)
      if (code === 0x5d) return Object.freeze(result) as JsonValue[]
      if (code !== 0x2c) this.fail('expected "," or "]"')
      this.skipWhitespace()
    }
  }

  string(): string {
    const text = this.text
    const start = this.index + 1
    const quote = text.indexOf('"', start)
    // The common case, a string without escapes or control characters, needs no character loop.
    if (quote !== -1) {
      const plain = text.slice(start, quote)
      if (!ESCAPE_OR_CONTROL.test(plain)) {
        this.index = quote + 1
        return plain
      }
    }
    let index = start
    let escaped = false
    for (;;) {
      const code = text.charCodeAt(index)
      if (code === QUOTE) break
      if (code === BACKSLASH) {
        escaped = true
        index += 2
      } else if (code < 0x20 || Number.isNaN(code)) {
        this.index = index
        this.fail(Number.isNaN(code) ? 'unterminated string' : 'control character in string')
      } else {
        index++
      }
    }
    this.index = index + 1
    if (!escaped) return text.slice(start, index)
    // Escapes are rare in tokens; JSON.parse decodes them exactly as the standard says (and rejects bad ones).
    try {
      return JSON.parse(text.slice(start - 1, index + 1)) as string
    } catch {
      this.index = start
      return this.fail('invalid escape in string')
    }
  }

  number(): number {
    // Fast path for the integers tokens are full of (iat, exp): up to 15 digits are exact in a double.
    const text = this.text
    let index = this.index
    const negative = text.charCodeAt(index) === 0x2d
    if (negative) index++
    const first = text.charCodeAt(index)
    if (first >= 0x31 && first <= 0x39) {
      let value = first - 0x30
      let end = index + 1
      for (let code = text.charCodeAt(end); code >= 0x30 && code <= 0x39 && end - index < 15; code = text.charCodeAt(++end)) {
        value = value * 10 + (code - 0x30)
      }
      const next = text.charCodeAt(end)
      if (!(next >= 0x30 && next <= 0x39) && next !== 0x2e && next !== 0x65 && next !== 0x45) {
        this.index = end
        return negative ? -value : value
      }
    }
    NUMBER.lastIndex = this.index
    const match = NUMBER.exec(this.text)
    if (match === null) this.fail('invalid number')
    this.index += match[0].length
    return Number(match[0])
  }

  literal<T extends JsonValue>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.index)) this.fail('unexpected character')
    this.index += word.length
    return value
  }
}
