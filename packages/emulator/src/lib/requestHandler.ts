import type { Cors } from './cors.js'
import type { DevRoutes } from './devRoutes.js'
import { type EmulatorRequest, isJsonRequest } from './emulatorRequest.js'
import { type EmulatorResponse, echoError, json, networkError, statusPage } from './emulatorResponse.js'
import type { FaultInjector } from './faults.js'
import { FLOW_ERRORS, flowFrameworkError } from './flow/flowJson.js'
import type { FlowEngine, FlowKind } from './flow/flowEngine.js'
import { deletionCookieHeader, isPlainObject, parseJson, sleep } from './http.js'
import { requestId } from './ids.js'
import { LIMITS } from './limits.js'
import type { ResolvedConfig } from './resolveConfig.js'
import type { RestRoutes } from './restRoutes.js'
import { type RouteEntry, Router } from './router.js'
import type { SessionAuthority } from './sessionAuthority.js'

export interface RequestHandlerParts {
  readonly config: ResolvedConfig
  readonly cors: Cors
  readonly faults: FaultInjector
  readonly flows: FlowEngine
  readonly rest: RestRoutes
  readonly sessions: SessionAuthority
  readonly ready: () => Promise<void>
  /** The `/__emulator` routes; `undefined` when `devRoutes: false`. */
  readonly devRoutes: DevRoutes | undefined
}

type HankoRoute = (request: EmulatorRequest, params: Readonly<Record<string, string>>) => EmulatorResponse | Promise<EmulatorResponse>

const FLOW_KINDS = new Set<string>(['login', 'registration', 'profile'])
const X_REQUEST_ID = 'x-request-id'

/**
 * Routes one request below the base path: CORS preflights first, then the dev routes, then faults,
 * then Hanko's routes. Unknown paths, and known paths with another method, get echo's 404, as Hanko's
 * router answers both (its route groups catch every unmatched path). Whatever happens inside, the
 * answer is a response: a thrown error becomes Hanko's 500 envelope for that route. Every answer
 * carries `X-Request-Id`, as echo's RequestID middleware sets it.
 */
export class RequestHandler {
  private readonly hanko: Router<HankoRoute>

  constructor(private readonly parts: RequestHandlerParts) {
    this.hanko = new Router(hankoRoutes(parts, (kind, request) => this.flow(kind, request)))
  }

  async handle(request: EmulatorRequest): Promise<EmulatorResponse> {
    return withRequestId(request, await this.answer(request))
  }

  private async answer(request: EmulatorRequest): Promise<EmulatorResponse> {
    const { cors, config, devRoutes } = this.parts
    const path = belowBasePath(request.path, config.basePath)
    // Outside the base path is another tenant's, or nobody's: never the emulator's routes.
    if (path === undefined) return echoError(404)
    if (request.method === 'OPTIONS') return cors.preflight(request)
    try {
      await this.parts.ready()
      if (devRoutes?.owns(path)) return cors.decorate(request, await devRoutes.handle(request, path))
      const fault = this.parts.faults.take(request.method, path)
      if (fault !== undefined) {
        if (fault.latencyMs !== undefined) await sleep(fault.latencyMs, request.signal)
        if (fault.kind === 'drop') return networkError()
        if (fault.kind === 'error') return cors.decorate(request, echoError(fault.status ?? 503))
      }
      const match = this.hanko.find(request.method, path)
      return cors.decorate(request, match.kind === 'found' ? await match.handler(request, match.params) : echoError(404))
    } catch {
      // Never crash, never leak internals: the route's own 500 shape.
      const failure = FLOW_KINDS.has(path.slice(1)) ? flowFrameworkError(500, FLOW_ERRORS.technical) : echoError(500)
      return cors.decorate(request, failure)
    }
  }

  private async flow(kind: FlowKind, request: EmulatorRequest): Promise<EmulatorResponse> {
    const { flows, sessions, config } = this.parts
    // The profile flow needs a live session on every request, start and actions alike.
    const auth = kind === 'profile' ? await sessions.authenticateRequest(request, true) : undefined
    if (auth !== undefined && !auth.ok) {
      return flowFrameworkError(401, FLOW_ERRORS.unauthorized, auth.idleExpired ? [['set-cookie', deletionCookieHeader(config.cookie)]] : [])
    }
    const flowRequest = { request, client: request.clientAddress ?? 'unknown', auth: auth?.ok ? auth : undefined }
    const action = request.query('action') ?? ''
    // Without an action the body is ignored and a new flow starts, as in Hanko.
    if (action === '') return flows.start(kind, flowRequest)
    const input = await readFlowInput(request)
    if ('status' in input) return input
    return flows.act(kind, action, input, flowRequest)
  }
}

/** Hanko's public routes (backend v3 `public_router.go`), plus `GET /users/:id`, which v3 removed. */
function hankoRoutes(parts: RequestHandlerParts, flow: (kind: FlowKind, request: EmulatorRequest) => Promise<EmulatorResponse>): RouteEntry<HankoRoute>[] {
  const { rest } = parts
  return [
    { method: 'GET', path: '/', handler: () => statusPage() },
    { method: 'POST', path: '/login', handler: (request) => flow('login', request) },
    { method: 'POST', path: '/registration', handler: (request) => flow('registration', request) },
    { method: 'POST', path: '/profile', handler: (request) => flow('profile', request) },
    // SAML IdP-initiated login only; never enabled here, answered as Hanko does without SAML.
    { method: 'POST', path: '/token_exchange', handler: () => flowFrameworkError(403, { code: 'forbidden', message: 'SAML is not enabled for this tenant' }) },
    { method: 'GET', path: '/sessions/validate', handler: (request) => rest.validateSession(request) },
    { method: 'POST', path: '/sessions/validate', handler: (request) => rest.validateSessionFromBody(request) },
    { method: 'GET', path: '/me', handler: (request) => rest.me(request) },
    // Removed in Hanko v3; kept for the SDK's deprecated `getUser()`.
    { method: 'GET', path: '/users/:id', handler: (request, params) => rest.user(request, params['id']!) },
    { method: 'POST', path: '/logout', handler: (request) => rest.logout(request) },
    { method: 'GET', path: '/.well-known/jwks.json', handler: () => rest.jwks() },
    { method: 'GET', path: '/health/alive', handler: () => json(200, { alive: true }) },
    { method: 'GET', path: '/health/ready', handler: () => json(200, { ready: true }) },
  ]
}

/** The path below `basePath` (`''` for the base path itself), or `undefined` when the request is not under it. */
function belowBasePath(path: string, basePath: string): string | undefined {
  if (basePath === '') return path
  if (!path.startsWith(basePath)) return undefined
  const rest = path.slice(basePath.length)
  return rest === '' || rest.startsWith('/') ? rest : undefined
}

/** Echo's RequestID middleware: the client's `X-Request-Id` when it sent one, else a new random id. */
function withRequestId(request: EmulatorRequest, response: EmulatorResponse): EmulatorResponse {
  if (response.networkError) return response
  const incoming = request.header(X_REQUEST_ID)
  response.headers.push([X_REQUEST_ID, incoming === null || incoming === '' ? requestId() : incoming])
  return response
}

/** Reads `{"input_data": {…}, "csrf_token": "…"}`; anything echo could not bind is flowpilot's technical error. */
async function readFlowInput(request: EmulatorRequest): Promise<{ data: Record<string, unknown>; csrf: string } | EmulatorResponse> {
  const body = await request.readBody(LIMITS.maxBodyBytes)
  if (body.kind === 'too-large') return flowFrameworkError(413, FLOW_ERRORS.technical)
  if (body.kind === 'unreadable') return flowFrameworkError(500, FLOW_ERRORS.technical)
  // An empty body binds to nothing: the csrf check then refuses the action.
  if (body.kind === 'empty') return { data: {}, csrf: '' }
  if (!isJsonRequest(request)) return flowFrameworkError(500, FLOW_ERRORS.technical)
  const parsed = parseJson(body.text)
  if (parsed === undefined || (parsed.value !== null && !isPlainObject(parsed.value))) return flowFrameworkError(500, FLOW_ERRORS.technical)
  const data = parsed.value?.['input_data'] ?? {}
  const csrf = parsed.value?.['csrf_token'] ?? ''
  if (!isPlainObject(data) || typeof csrf !== 'string') return flowFrameworkError(500, FLOW_ERRORS.technical)
  return { data, csrf }
}
