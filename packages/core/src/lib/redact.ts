const SHOWN_KID_LENGTH = 64

/**
 * A `kid` as it may appear in an error message or a hook: JSON-quoted (so control characters and
 * quotes are escaped) and cut to 64 characters. A kid is attacker-chosen text; it must never reach a
 * log line raw.
 */
export function describeKid(kid: unknown): string {
  if (typeof kid !== 'string') return kid === null ? 'null' : typeof kid
  const shown = kid.length > SHOWN_KID_LENGTH ? `${kid.slice(0, SHOWN_KID_LENGTH)}…` : kid
  return JSON.stringify(shown)
}
