const SHOWN_TEXT_LENGTH = 64
const SHOWN_LIST_LENGTH = 4

/**
 * Characters that must never reach a log line, a terminal, a JSON body or a header raw: C0 and C1
 * controls, soft hyphen, bidi controls (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069), zero-width
 * and other invisible format characters, line and paragraph separators, specials, and lone surrogates.
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/** `text` with every unsafe character written as a `\uXXXX` escape; safe text is returned as is. */
export function escapeUnsafe(text: string): string {
  UNSAFE.lastIndex = 0
  if (!UNSAFE.test(text)) return text
  return text.replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/**
 * A value taken from a token (or a server's answer) as it may appear in an error message or a hook
 * event: strings JSON-quoted, cut to 64 characters and escaped (see {@link escapeUnsafe}); arrays as
 * their first four such strings; anything else as its type. Token text is attacker-chosen: it must
 * never reach a log line raw, nor flood it.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return describeText(value)
  if (Array.isArray(value)) {
    const shown = value.slice(0, SHOWN_LIST_LENGTH).map((item) => (typeof item === 'string' ? describeText(item) : describeType(item)))
    return `[${shown.join(', ')}${value.length > SHOWN_LIST_LENGTH ? ', …' : ''}]`
  }
  return describeType(value)
}

/** A `kid` as it may appear in an error message or a hook: see {@link describeValue}. */
export function describeKid(kid: unknown): string {
  return describeValue(kid)
}

function describeText(text: string): string {
  let shown = text
  if (text.length > SHOWN_TEXT_LENGTH) {
    // Never cut a surrogate pair in half: the rest of an emoji would become a lone surrogate.
    const end = /[\ud800-\udbff]/.test(text.charAt(SHOWN_TEXT_LENGTH - 1)) ? SHOWN_TEXT_LENGTH - 1 : SHOWN_TEXT_LENGTH
    shown = `${text.slice(0, end)}…`
  }
  return escapeUnsafe(JSON.stringify(shown))
}

function describeType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value
}
