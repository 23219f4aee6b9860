import type { HankoEmulator } from '../HankoEmulator.js'
import type { Cors } from './cors.js'
import { DEV_PREFIX, handleDevRoute } from './devRoutes.js'
import { type EmulatorRequest, isJsonRequest } from './emulatorRequest.js'
import { type EmulatorResponse, echoError, json, networkError } from './emulatorResponse.js'
import type { FaultInjector } from './faults.js'
import { FLOW_ERRORS, flowFrameworkError } from './flow/flowJson.js'
import type { FlowEngine, FlowKind } from './flow/flowEngine.js'
import { deletionCookieHeader, isPlainObject, parseJson, sleep } from './http.js'
import { LIMITS } from './limits.js'
import type { ResolvedConfig } from './resolveConfig.js'
import type { RestRoutes } from './restRoutes.js'
import type { SessionAuthority } from './sessionAuthority.js'

export interface RequestHandlerParts {
  readonly config: ResolvedConfig
  readonly cors: Cors
  readonly faults: FaultInjector
  readonly flows: FlowEngine
  readonly rest: RestRoutes
  readonly sessions: SessionAuthority
  readonly ready: () => Promise<void>
  /** The public face, which the dev routes drive. */
  readonly emulator: () => HankoEmulator
}

type Route = (request: EmulatorRequest, parameter: string) => EmulatorResponse | Promise<EmulatorResponse>

const FLOW_KINDS = new Set<string>(['login', 'registration', 'profile'])
const USER_PATH = /^\/users\/([^/]+)$/

/**
 * Routes one request: CORS preflights first, then the dev controls, then faults, then Hanko's routes
 * (404 for unknown paths, 405 with `Allow` for known paths and other methods). Whatever happens inside,
 * the answer is a response: a thrown error becomes Hanko's 500 envelope for that route.
 */
export class RequestHandler {
  private readonly routes: ReadonlyMap<string, Readonly<Record<string, Route>>>

  constructor(private readonly parts: RequestHandlerParts) {
    const { rest } = parts
    const flow = (kind: FlowKind): Route => (request) => this.flow(kind, request)
    this.routes = new Map<string, Record<string, Route>>([
      ['/login', { POST: flow('login') }],
      ['/registration', { POST: flow('registration') }],
      ['/profile', { POST: flow('profile') }],
      // SAML IdP-initiated login only; never enabled here, answered as Hanko does without SAML.
      ['/token_exchange', { POST: () => flowFrameworkError(403, { code: 'forbidden', message: 'SAML is not enabled for this tenant' }) }],
      ['/sessions/validate', { GET: (request) => rest.validateSession(request), POST: (request) => rest.validateSessionFromBody(request) }],
      ['/me', { GET: (request) => rest.me(request) }],
      ['/users/:id', { GET: (request, id) => rest.user(request, id) }],
      ['/logout', { POST: (request) => rest.logout(request) }],
      ['/.well-known/jwks.json', { GET: () => rest.jwks() }],
      ['/health/alive', { GET: () => json(200, { alive: true }) }],
      ['/health/ready', { GET: () => json(200, { ready: true }) }],
    ])
  }

  async handle(request: EmulatorRequest): Promise<EmulatorResponse> {
    const { cors } = this.parts
    const { method, path } = request
    if (method === 'OPTIONS') return cors.preflight(request)
    try {
      await this.parts.ready()
      if (this.parts.config.devRoutes && (path === DEV_PREFIX || path.startsWith(`${DEV_PREFIX}/`))) {
        return cors.decorate(request, await handleDevRoute(this.parts.emulator(), request))
      }
      const fault = this.parts.faults.take(method, path)
      if (fault !== undefined) {
        if (fault.latencyMs !== undefined) await sleep(fault.latencyMs, request.signal)
        if (fault.kind === 'drop') return networkError()
        if (fault.kind === 'error') return cors.decorate(request, echoError(fault.status ?? 503))
      }
      return cors.decorate(request, await this.route(request))
    } catch {
      // Never crash, never leak internals: the route's own 500 shape.
      const failure = FLOW_KINDS.has(path.slice(1)) ? flowFrameworkError(500, FLOW_ERRORS.technical) : echoError(500)
      return cors.decorate(request, failure)
    }
  }

  private route(request: EmulatorRequest): EmulatorResponse | Promise<EmulatorResponse> {
    let methods = this.routes.get(request.path)
    let parameter = ''
    if (methods === undefined) {
      const user = USER_PATH.exec(request.path)
      if (user !== null) {
        methods = this.routes.get('/users/:id')
        parameter = user[1]!
      }
    }
    if (methods === undefined) return echoError(404)
    // Own properties only: a method named "constructor" or "toString" must not find Object.prototype's.
    const route = Object.hasOwn(methods, request.method) ? methods[request.method] : undefined
    if (route === undefined) return echoError(405, 'Method Not Allowed', [['allow', Object.keys(methods).join(', ')]])
    return route(request, parameter)
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
