/** One line of a route table: a method, a path whose `:name` segments match any one segment, and what answers it. */
export interface RouteEntry<Handler> {
  readonly method: string
  /** `/me`, `/users/:id`, `/sessions/:id/expire`; `/` is the root. */
  readonly path: string
  readonly handler: Handler
}

/** What the table says about one request. */
export type RouteMatch<Handler> =
  | { readonly kind: 'found'; readonly handler: Handler; readonly params: Readonly<Record<string, string>> }
  /** The path is known but not for this method; `allow` lists the methods it has, in table order. */
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] }
  | { readonly kind: 'not-found' }

interface PatternRoute<Handler> {
  readonly segments: readonly string[]
  readonly methods: Map<string, Handler>
}

const NOT_FOUND = { kind: 'not-found' } as const
const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({})

/**
 * A route table that matches method and path. Static paths are one map lookup (the hot
 * `/sessions/validate` pays nothing for the patterns); `:name` segments are decoded, and a segment
 * that is not valid percent-encoding matches nothing. Methods are compared exactly, as echo does.
 *
 * @example
 * ```ts
 * const router = new Router([{ method: 'GET', path: '/users/:id', handler: 'user' }])
 * router.find('GET', '/users/42') // { kind: 'found', handler: 'user', params: { id: '42' } }
 * router.find('POST', '/users/42') // { kind: 'method-not-allowed', allow: ['GET'] }
 * ```
 */
export class Router<Handler> {
  private readonly staticRoutes = new Map<string, Map<string, Handler>>()
  private readonly patternRoutes: PatternRoute<Handler>[] = []

  constructor(entries: readonly RouteEntry<Handler>[]) {
    for (const entry of entries) {
      const segments = splitPath(entry.path)
      if (!segments.some((segment) => segment.startsWith(':'))) {
        methodsOf(this.staticRoutes, entry.path).set(entry.method, entry.handler)
        continue
      }
      let route = this.patternRoutes.find((candidate) => candidate.segments.join('/') === segments.join('/'))
      if (route === undefined) {
        route = { segments, methods: new Map() }
        this.patternRoutes.push(route)
      }
      route.methods.set(entry.method, entry.handler)
    }
  }

  find(method: string, path: string): RouteMatch<Handler> {
    const methods = this.staticRoutes.get(path)
    if (methods !== undefined) return pick(methods, method, NO_PARAMS)
    const segments = splitPath(path)
    for (const route of this.patternRoutes) {
      const params = matchSegments(route.segments, segments)
      if (params !== undefined) return pick(route.methods, method, params)
    }
    return NOT_FOUND
  }
}

function pick<Handler>(methods: ReadonlyMap<string, Handler>, method: string, params: Readonly<Record<string, string>>): RouteMatch<Handler> {
  // A Map, not a record: a method named "constructor" or "__proto__" finds nothing.
  const handler = methods.get(method)
  return handler === undefined ? { kind: 'method-not-allowed', allow: [...methods.keys()] } : { kind: 'found', handler, params }
}

function matchSegments(pattern: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined
  const params: Record<string, string> = {}
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index]!
    if (!part.startsWith(':')) {
      if (part !== segment) return undefined
      continue
    }
    if (segment === '') return undefined
    try {
      params[part.slice(1)] = decodeURIComponent(segment)
    } catch {
      return undefined
    }
  }
  return params
}

/** `/a/b` → `['a', 'b']`. A trailing slash is its own (empty) segment, as echo keeps `/me/` apart from `/me`. */
function splitPath(path: string): string[] {
  return path.slice(1).split('/')
}

function methodsOf<Handler>(routes: Map<string, Map<string, Handler>>, path: string): Map<string, Handler> {
  let methods = routes.get(path)
  if (methods === undefined) {
    methods = new Map()
    routes.set(path, methods)
  }
  return methods
}
