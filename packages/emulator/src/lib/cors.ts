import type { AllowedOrigins } from '../HankoEmulatorOptions.js'

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])
const EXPOSED = ['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'X-Session-Lifetime', 'X-Session-Retention']
const ALLOWED_METHODS = 'GET,POST,PUT,PATCH,DELETE,OPTIONS'
/** Preflight answers may be cached this long (seconds), Hanko's `MaxAge`. */
const MAX_AGE = '7200'

/**
 * Hanko's CORS policy (echo's CORS middleware with credentials): the exact origin is echoed, never
 * `*`; the requested headers are allowed as asked; the session headers are exposed so the SDK can read
 * them. An origin that is not allowed gets no CORS headers at all, and the browser blocks the response.
 */
export class Cors {
  private readonly exposeHeaders: string

  constructor(
    private readonly allowed: AllowedOrigins | undefined,
    exposeAuthToken: boolean,
  ) {
    this.exposeHeaders = [...EXPOSED, ...(exposeAuthToken ? ['X-Auth-Token'] : [])].join(', ')
  }

  /** The 204 answer to any `OPTIONS` request. */
  preflight(request: Request): Response {
    const headers = new Headers({ Vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers' })
    const origin = this.allowedOrigin(request)
    if (origin !== undefined) {
      headers.set('Access-Control-Allow-Origin', origin)
      headers.set('Access-Control-Allow-Credentials', 'true')
      headers.set('Access-Control-Allow-Methods', ALLOWED_METHODS)
      const requested = request.headers.get('access-control-request-headers')
      if (requested !== null && requested !== '') headers.set('Access-Control-Allow-Headers', requested)
      headers.set('Access-Control-Max-Age', MAX_AGE)
    }
    return new Response(null, { status: 204, headers })
  }

  /** Adds the CORS headers of an actual (non-preflight) response. */
  decorate(request: Request, response: Response): Response {
    response.headers.append('Vary', 'Origin')
    const origin = this.allowedOrigin(request)
    if (origin !== undefined) {
      response.headers.set('Access-Control-Allow-Origin', origin)
      response.headers.set('Access-Control-Allow-Credentials', 'true')
      response.headers.set('Access-Control-Expose-Headers', this.exposeHeaders)
    }
    return response
  }

  private allowedOrigin(request: Request): string | undefined {
    const origin = request.headers.get('origin')
    if (origin === null || origin === '' || origin.length > 2048) return undefined
    if (typeof this.allowed === 'function') return this.allowed(origin) ? origin : undefined
    if (this.allowed !== undefined) return this.allowed.includes(origin) ? origin : undefined
    return isLocalOrigin(origin) ? origin : undefined
  }
}

function isLocalOrigin(origin: string): boolean {
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return false
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
  // The origin must be exactly scheme://host[:port]: echoing anything longer would be echoing input.
  if (url.origin !== origin) return false
  return LOCAL_HOSTS.has(url.hostname) || url.hostname.endsWith('.localhost')
}
