/** Parses JSON, returning `undefined` instead of throwing. (`null` is a valid JSON document.) */
export function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown }
  } catch {
    return undefined
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** Hanko's cookie attributes, serialised in the order Go's `http.Cookie` writes them. */
export interface CookieSettings {
  readonly name: string
  readonly secure: boolean
  readonly sameSite: 'strict' | 'lax' | 'none'
  readonly domain: string | undefined
}

export function setCookieHeader(settings: CookieSettings, value: string, maxAgeSeconds: number | undefined): string {
  const parts = [`${settings.name}=${value}`, 'Path=/']
  if (settings.domain !== undefined) parts.push(`Domain=${settings.domain}`)
  if (maxAgeSeconds !== undefined) parts.push(`Max-Age=${maxAgeSeconds}`)
  parts.push('HttpOnly')
  if (settings.secure) parts.push('Secure')
  parts.push(`SameSite=${settings.sameSite[0]!.toUpperCase()}${settings.sameSite.slice(1)}`)
  return parts.join('; ')
}

/** The cookie Hanko sends on logout, account deletion and idle expiry. */
export function deletionCookieHeader(settings: CookieSettings): string {
  return setCookieHeader(settings, '', 0)
}

/** A promise that resolves after `milliseconds`, or early when `signal` aborts. Reads `setTimeout` at call time, so fake timers apply. */
export function sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const timer = setTimeout(done, milliseconds)
    signal?.addEventListener('abort', done, { once: true })
    function done(): void {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
  })
}
