const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy

/**
 * Parses a Go-style duration (`'90s'`, `'30m'`, `'1h30m'`, `'12h'`, `'250ms'`, `'1d'`) or a plain number
 * of milliseconds into milliseconds. Returns `undefined` for anything else, so callers can say what
 * was wrong in their own terms.
 */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text)
  PART.lastIndex = 0
  let total = 0
  let consumed = 0
  for (let match = PART.exec(text); match !== null; match = PART.exec(text)) {
    total += Number(match[1]) * UNIT_MS[match[2]!]!
    consumed = PART.lastIndex
  }
  return consumed === text.length && consumed > 0 ? Math.round(total) : undefined
}
