import { isPlainObject } from '../http.js'

const MAX_DEPTH = 32

/**
 * Applies `patch_metadata` to a user's unsafe metadata as Hanko does: the input (an object, or a string
 * holding one) is a JSON Merge Patch (RFC 7396) over the current metadata; the string `"null"` clears
 * it. Anything else, including JSON `null` itself (which Hanko reads as an empty string), is `'invalid'`.
 */
export function mergePatch(current: Record<string, unknown> | undefined, input: unknown): Record<string, unknown> | undefined | 'invalid' {
  let patch: unknown = input
  if (typeof input === 'string') {
    const text = input.trim()
    if (text === 'null') return undefined
    if (!text.startsWith('{') || !text.endsWith('}')) return 'invalid'
    try {
      patch = JSON.parse(text)
    } catch {
      return 'invalid'
    }
  }
  if (!isPlainObject(patch)) return 'invalid'
  const merged = apply(current ?? {}, patch, 0)
  return merged === 'invalid' ? 'invalid' : (merged as Record<string, unknown>)
}

function apply(target: unknown, patch: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) return 'invalid'
  if (!isPlainObject(patch)) return patch
  const result: Record<string, unknown> = {}
  if (isPlainObject(target)) for (const [key, value] of Object.entries(target)) define(result, key, value)
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key]
      continue
    }
    const merged = apply(result[key], value, depth + 1)
    if (merged === 'invalid') return 'invalid'
    define(result, key, merged)
  }
  return result
}

/** Stores data under any key, `__proto__` included, without touching the object's prototype. */
function define(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true })
}
