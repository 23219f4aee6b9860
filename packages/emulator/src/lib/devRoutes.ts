import { EmulatorError, type EmulatorErrorCode } from '../EmulatorError.js'
import type { FaultRule } from '../Fault.js'
import type { EmulatorControls } from './emulatorControls.js'
import { type EmulatorRequest, isJsonRequest } from './emulatorRequest.js'
import { type EmulatorResponse, echoError, emptyResponse, json } from './emulatorResponse.js'
import { isPlainObject, parseJson } from './http.js'
import { DURATION_FORM } from './duration.js'
import { LIMITS } from './limits.js'
import { Router } from './router.js'

/** Where the dev routes live, below the emulator's base path. */
const DEV_PREFIX = '/__emulator'

const ERROR_STATUS: Partial<Record<EmulatorErrorCode, number>> = {
  ERR_INVALID_ARGUMENT: 400,
  ERR_UNKNOWN_KEY: 404,
  ERR_EMAIL_TAKEN: 409,
  ERR_LIMIT_REACHED: 409,
  ERR_LOGIN_FAILED: 502,
}

/** What a dev route is handed: its `:name` path segments, the JSON body of a POST (`{}` otherwise), the request. */
interface DevCall {
  readonly params: Readonly<Record<string, string>>
  readonly body: Record<string, unknown>
  readonly request: EmulatorRequest
}

/** One dev route: method, path below {@link DEV_PREFIX}, what the index shows it takes, and what it does. */
interface DevRoute {
  readonly method: 'GET' | 'POST' | 'DELETE'
  /** `''` is `/__emulator` itself; `:name` matches one segment. */
  readonly path: string
  /** The query string the index shows, e.g. `?email=…`. */
  readonly query?: string
  /** The JSON body the index shows, e.g. `{"email"}`. */
  readonly body?: string
  readonly run: (call: DevCall) => EmulatorResponse | Promise<EmulatorResponse>
}

/** The dev routes as the request handler sees them. */
export interface DevRoutes {
  /** Whether a path (below the base path) belongs to the dev routes rather than to Hanko's. */
  owns(path: string): boolean
  /** Answers a request whose path {@link owns} said yes to. */
  handle(request: EmulatorRequest, path: string): Promise<EmulatorResponse>
}

/**
 * The dev-control API over HTTP: the typed helpers of `HankoEmulator` as JSON routes under
 * `/__emulator`, for tests that drive the emulator from another process (Playwright, a CLI script).
 * `GET /__emulator` lists the table below, so the index cannot drift from it. Errors use echo's
 * body plus our stable `error` code; a known path with another method is a 405 with `Allow`.
 */
export function createDevRoutes(controls: EmulatorControls, basePath: string): DevRoutes {
  const table = devRouteTable(controls)
  const index = table.map((route) => indexLine(route, basePath))
  table.unshift({ method: 'GET', path: '', run: () => json(200, { routes: index }) })
  const router = new Router(table.map((route) => ({ method: route.method, path: `${DEV_PREFIX}${route.path}`, handler: route })))
  return {
    owns: (path) => path === DEV_PREFIX || path.startsWith(`${DEV_PREFIX}/`),
    async handle(request, path) {
      const match = router.find(request.method, path)
      if (match.kind === 'not-found') return echoError(404, `No dev route ${request.method} ${basePath}${path}; GET ${basePath}${DEV_PREFIX} lists them.`)
      if (match.kind === 'method-not-allowed') return echoError(405, 'Method Not Allowed', [['allow', match.allow.join(', ')]])
      try {
        const read = match.handler.method === 'POST' ? await readJsonObject(request) : { body: {} }
        if ('refused' in read) return read.refused
        return await match.handler.run({ params: match.params, body: read.body, request })
      } catch (error) {
        if (!(error instanceof EmulatorError)) throw error
        const status = ERROR_STATUS[error.code] ?? 400
        return json(status, { code: status, message: error.message, error: error.code })
      }
    },
  }
}

/** One line of the `GET /__emulator` index: `POST   /__emulator/users   {"email"}`. */
function indexLine(route: DevRoute, basePath: string): string {
  const target = `${basePath}${DEV_PREFIX}${route.path.replace(/:(\w+)/g, '{$1}')}${route.query ?? ''}`
  return `${route.method.padEnd(6)} ${route.body === undefined ? target : `${target.padEnd(36)} ${route.body}`}`.trimEnd()
}

function devRouteTable(controls: EmulatorControls): DevRoute[] {
  return [
    {
      method: 'GET',
      path: '/passcodes/last',
      query: '?email=…',
      run: ({ request }) => {
        const email = request.query('email') ?? ''
        const code = controls.lastPasscode(email)
        return code === undefined ? echoError(404, `No passcode was mailed to ${JSON.stringify(email.slice(0, 120))}.`) : json(200, { email, code })
      },
    },
    {
      method: 'POST',
      path: '/login',
      body: '{"email", "register"?}',
      run: async ({ body }) => json(201, await controls.loginWithPasscode(stringField(body, 'email'), loginOptions(body))),
    },
    { method: 'GET', path: '/users', run: () => json(200, { users: controls.users.list() }) },
    { method: 'POST', path: '/users', body: '{"email"}', run: ({ body }) => json(201, controls.users.create(stringField(body, 'email'))) },
    { method: 'DELETE', path: '/users/:id', run: ({ params }) => (controls.users.delete(params['id']!) ? noContent() : echoError(404, 'No such user.')) },
    {
      method: 'GET',
      path: '/sessions',
      query: '[?userId=…]',
      run: ({ request }) => {
        const userId = request.query('userId')
        return json(200, { sessions: controls.sessions.list(userId === null ? {} : { userId }) })
      },
    },
    {
      method: 'POST',
      path: '/sessions',
      body: '{"email"?, "claims"?, "lifetime"?: "10m" | seconds, "amr"?}',
      run: async ({ body }) => json(201, await controls.mintSessionToken(mintOptions(body))),
    },
    { method: 'DELETE', path: '/sessions/:id', run: ({ params }) => (controls.sessions.revoke(params['id']!) ? noContent() : echoError(404, 'No such session.')) },
    { method: 'POST', path: '/sessions/:id/expire', run: ({ params }) => (controls.sessions.expire(params['id']!) ? noContent() : echoError(404, 'No such session.')) },
    { method: 'GET', path: '/clock', run: () => clock(controls.clock.now()) },
    { method: 'POST', path: '/clock', body: '{"advance": "5m" | seconds} or {"set": ms | ISO}', run: ({ body }) => clock(moveClock(controls, body)) },
    { method: 'GET', path: '/keys', run: () => json(200, { keys: controls.keys.list() }) },
    {
      method: 'POST',
      path: '/keys/rotate',
      body: '{"retirePrevious"?}',
      run: async ({ body }) => json(201, await controls.keys.rotate({ retirePrevious: body['retirePrevious'] === true })),
    },
    {
      method: 'DELETE',
      path: '/keys/:kid',
      run: ({ params }) => {
        controls.keys.retire(params['kid']!)
        return noContent()
      },
    },
    { method: 'GET', path: '/faults', run: () => json(200, { faults: controls.faults.list() }) },
    {
      method: 'POST',
      path: '/faults',
      body: '{"path", "kind", "method"?, "latencyMs"?, "status"?, "times"?}',
      run: ({ body }) => json(201, controls.faults.inject(body as unknown as FaultRule)),
    },
    {
      method: 'DELETE',
      path: '/faults',
      run: () => {
        controls.faults.clear()
        return noContent()
      },
    },
    { method: 'DELETE', path: '/faults/:id', run: ({ params }) => (controls.faults.remove(params['id']!) ? noContent() : echoError(404, 'No such fault.')) },
    {
      method: 'POST',
      path: '/reset',
      body: '{"keys"?}',
      run: async ({ body }) => {
        await controls.reset({ keys: body['keys'] === true })
        return noContent()
      },
    },
  ]
}

/** The JSON object the client sent, or the error response that says why there is none. */
async function readJsonObject(request: EmulatorRequest): Promise<{ body: Record<string, unknown> } | { refused: EmulatorResponse }> {
  const body = await request.readBody(LIMITS.maxBodyBytes)
  if (body.kind === 'too-large') return { refused: echoError(413) }
  if (body.kind === 'empty') return { body: {} }
  if (body.kind === 'unreadable') return { refused: echoError(400, 'The request body could not be read.') }
  if (!isJsonRequest(request)) return { refused: echoError(415) }
  const parsed = parseJson(body.text)
  if (parsed === undefined || !isPlainObject(parsed.value)) return { refused: echoError(400, 'The body must be a JSON object.') }
  return { body: parsed.value }
}

function stringField(body: Record<string, unknown>, name: string): string {
  const value = body[name]
  if (typeof value !== 'string') throw new EmulatorError('ERR_INVALID_ARGUMENT', `"${name}" must be a string.`)
  return value
}

function mintOptions(body: Record<string, unknown>): Parameters<EmulatorControls['mintSessionToken']>[0] {
  const options: Record<string, unknown> = {}
  for (const name of ['email', 'claims', 'lifetime', 'amr']) if (body[name] !== undefined) options[name] = body[name]
  return options
}

function loginOptions(body: Record<string, unknown>): { register?: boolean } {
  const { register } = body
  if (register !== undefined && typeof register !== 'boolean') throw new EmulatorError('ERR_INVALID_ARGUMENT', '"register" must be true or false.')
  return register === undefined ? {} : { register }
}

function moveClock(controls: EmulatorControls, body: Record<string, unknown>): number {
  const { advance, set } = body
  if ((advance === undefined) === (set === undefined)) {
    throw new EmulatorError('ERR_INVALID_ARGUMENT', 'Send exactly one of {"advance": "5m" | seconds} and {"set": ms | ISO time}.')
  }
  if (advance !== undefined) {
    if (typeof advance !== 'number' && typeof advance !== 'string') throw new EmulatorError('ERR_INVALID_ARGUMENT', `"advance" must be ${DURATION_FORM}.`)
    return controls.clock.advance(advance)
  }
  if (typeof set !== 'number' && typeof set !== 'string') throw new EmulatorError('ERR_INVALID_ARGUMENT', '"set" must be a number or an ISO time.')
  return controls.clock.set(set)
}

function clock(now: number): EmulatorResponse {
  return json(200, { now: new Date(now).toISOString(), epochMs: now })
}

function noContent(): EmulatorResponse {
  return emptyResponse(204)
}
