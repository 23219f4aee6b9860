import type { AllowedOrigins } from '../HankoEmulatorOptions.js'
import { BoundedMap } from './boundedMap.js'
import type { EmulatorRequest } from './emulatorRequest.js'
import { type EmulatorResponse, type HeaderList, emptyResponse } from './emulatorResponse.js'

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])
const EXPOSED = ['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'X-Session-Lifetime', 'X-Session-Retention']
const ALLOWED_METHODS = 'GET,POST,PUT,PATCH,DELETE,OPTIONS'
/** Preflight answers may be cached this long (seconds), Hanko's `MaxAge`. */
const MAX_AGE = '7200'
/** Origins whose default-policy verdict is remembered: a page sends the same one on every request. */
const MAX_REMEMBERED_ORIGINS = 64

/**
 * Hanko's CORS policy (echo's CORS middleware with credentials): the exact origin is echoed, never
 * `*`; the requested headers are allowed as asked; the session headers are exposed so the SDK can read
 * them. An origin that is not allowed gets no CORS headers at all, and the browser blocks the response.
 */
export class Cors {
  private readonly exposeHeaders: string
  /** The default policy's verdicts, so an origin's URL is parsed once rather than per request. */
  private readonly localOrigins = new BoundedMap<string, boolean>(MAX_REMEMBERED_ORIGINS)

  constructor(
    private readonly allowed: AllowedOrigins | undefined,
    exposeAuthToken: boolean,
  ) {
    this.exposeHeaders = [...EXPOSED, ...(exposeAuthToken ? ['X-Auth-Token'] : [])].join(', ')
  }

  /** The 204 answer to any `OPTIONS` request. */
  preflight(request: EmulatorRequest): EmulatorResponse {
    const headers: HeaderList = [['vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers']]
    const origin = this.allowedOrigin(request)
    if (origin !== undefined) {
      headers.push(['access-control-allow-origin', origin], ['access-control-allow-credentials', 'true'], ['access-control-allow-methods', ALLOWED_METHODS])
      const requested = request.header('access-control-request-headers')
      if (requested !== null && requested !== '') headers.push(['access-control-allow-headers', requested])
      headers.push(['access-control-max-age', MAX_AGE])
    }
    return emptyResponse(204, headers)
  }

  /** Adds the CORS headers of an actual (non-preflight) response; no route sets any of them itself. */
  decorate(request: EmulatorRequest, response: EmulatorResponse): EmulatorResponse {
    response.headers.push(['vary', 'Origin'])
    const origin = this.allowedOrigin(request)
    if (origin !== undefined) {
      response.headers.push(
        ['access-control-allow-origin', origin],
        ['access-control-allow-credentials', 'true'],
        ['access-control-expose-headers', this.exposeHeaders],
      )
    }
    return response
  }

  private allowedOrigin(request: EmulatorRequest): string | undefined {
    const origin = request.header('origin')
    if (origin === null || origin === '' || origin.length > 2048) return undefined
    if (typeof this.allowed === 'function') return this.allowed(origin) ? origin : undefined
    if (this.allowed !== undefined) return this.allowed.includes(origin) ? origin : undefined
    let local = this.localOrigins.get(origin)
    if (local === undefined) {
      local = isLocalOrigin(origin)
      this.localOrigins.set(origin, local)
    }
    return local ? origin : undefined
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
