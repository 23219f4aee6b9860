import { EmulatorError, type EmulatorErrorCode } from '../EmulatorError.js'
import type { FaultRule } from '../Fault.js'
import type { HankoEmulator } from '../HankoEmulator.js'
import { type EmulatorRequest, isJsonRequest } from './emulatorRequest.js'
import { type EmulatorResponse, echoError, emptyResponse, json } from './emulatorResponse.js'
import { isPlainObject, parseJson } from './http.js'
import { DURATION_FORM } from './duration.js'
import { LIMITS } from './limits.js'

export const DEV_PREFIX = '/__emulator'

const ERROR_STATUS: Partial<Record<EmulatorErrorCode, number>> = {
  ERR_INVALID_ARGUMENT: 400,
  ERR_UNKNOWN_KEY: 404,
  ERR_EMAIL_TAKEN: 409,
  ERR_LIMIT_REACHED: 409,
  ERR_LOGIN_FAILED: 502,
}

const ROUTES = [
  'GET    /__emulator/passcodes/last?email=…',
  'POST   /__emulator/login                 {"email", "register"?}',
  'GET    /__emulator/users',
  'POST   /__emulator/users                 {"email"}',
  'DELETE /__emulator/users/{id}',
  'GET    /__emulator/sessions[?userId=…]',
  'POST   /__emulator/sessions              {"email"?, "claims"?, "lifetime"?: "10m" | seconds, "amr"?}',
  'DELETE /__emulator/sessions/{id}',
  'POST   /__emulator/sessions/{id}/expire',
  'GET    /__emulator/clock',
  'POST   /__emulator/clock                 {"advance": "5m" | seconds} or {"set": ms | ISO}',
  'GET    /__emulator/keys',
  'POST   /__emulator/keys/rotate           {"retirePrevious"?}',
  'DELETE /__emulator/keys/{kid}',
  'GET    /__emulator/faults',
  'POST   /__emulator/faults                {"path", "kind", "method"?, "latencyMs"?, "status"?, "times"?}',
  'DELETE /__emulator/faults[/{id}]',
  'POST   /__emulator/reset                 {"keys"?}',
]

/**
 * The dev-control API over HTTP: the typed helpers of {@link HankoEmulator} as JSON routes under
 * `/__emulator`, for tests that drive the emulator from another process (Playwright, a CLI script).
 * Answers use echo's error body plus our stable `error` code.
 */
type Handler = (parameter: string, body: Record<string, unknown>, request: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>

/** `[method, path pattern, handler]`; `:x` matches one path segment, handed to the handler. */
function routes(emulator: HankoEmulator): readonly (readonly [string, string, Handler])[] {
  return [
    ['GET', '', () => json(200, { routes: ROUTES })],
    ['GET', 'passcodes/last', (_, __, request) => {
      const email = request.query('email') ?? ''
      const code = emulator.lastPasscode(email)
      return code === undefined ? echoError(404, `No passcode was mailed to ${JSON.stringify(email.slice(0, 120))}.`) : json(200, { email, code })
    }],
    ['POST', 'login', async (_, body) => json(201, await emulator.loginWithPasscode(stringField(body, 'email'), loginOptions(body)))],
    ['GET', 'users', () => json(200, { users: emulator.users.list() })],
    ['POST', 'users', (_, body) => json(201, emulator.users.create(stringField(body, 'email')))],
    ['DELETE', 'users/:id', (id) => (emulator.users.delete(id) ? noContent() : echoError(404, 'No such user.'))],
    ['GET', 'sessions', (_, __, request) => {
      const userId = request.query('userId')
      return json(200, { sessions: emulator.sessions.list(userId === null ? {} : { userId }) })
    }],
    ['POST', 'sessions', async (_, body) => json(201, await emulator.mintSessionToken(mintOptions(body)))],
    ['DELETE', 'sessions/:id', (id) => (emulator.sessions.revoke(id) ? noContent() : echoError(404, 'No such session.'))],
    ['POST', 'sessions/:id/expire', (id) => (emulator.sessions.expire(id) ? noContent() : echoError(404, 'No such session.'))],
    ['GET', 'clock', () => clock(emulator.clock.now())],
    ['POST', 'clock', (_, body) => clock(moveClock(emulator, body))],
    ['GET', 'keys', () => json(200, { keys: emulator.keys.list() })],
    ['POST', 'keys/rotate', async (_, body) => json(201, await emulator.keys.rotate({ retirePrevious: body['retirePrevious'] === true }))],
    ['DELETE', 'keys/:kid', (kid) => {
      emulator.keys.retire(kid)
      return noContent()
    }],
    ['GET', 'faults', () => json(200, { faults: emulator.faults.list() })],
    ['POST', 'faults', (_, body) => json(201, emulator.faults.inject(body as unknown as FaultRule))],
    ['DELETE', 'faults', () => {
      emulator.faults.clear()
      return noContent()
    }],
    ['DELETE', 'faults/:id', (id) => (emulator.faults.remove(id) ? noContent() : echoError(404, 'No such fault.'))],
    ['POST', 'reset', async (_, body) => {
      await emulator.reset({ keys: body['keys'] === true })
      return noContent()
    }],
  ]
}

/**
 * The dev-control API over HTTP: the typed helpers of {@link HankoEmulator} as JSON routes under
 * `/__emulator`, for tests that drive the emulator from another process (Playwright, a CLI script).
 * Errors use echo's body plus our stable `error` code.
 */
export async function handleDevRoute(emulator: HankoEmulator, request: EmulatorRequest): Promise<EmulatorResponse> {
  const segments = request.path.slice(DEV_PREFIX.length).split('/').filter((segment) => segment !== '')
  let allowed = false
  for (const [method, pattern, handler] of routes(emulator)) {
    const parameter = matchPattern(pattern, segments)
    if (parameter === undefined) continue
    allowed = true
    if (method !== request.method) continue
    try {
      const read = method === 'POST' ? await readJsonObject(request) : { body: {} }
      if ('refused' in read) return read.refused
      return await handler(parameter, read.body, request)
    } catch (error) {
      if (!(error instanceof EmulatorError)) throw error
      const status = ERROR_STATUS[error.code] ?? 400
      return json(status, { code: status, message: error.message, error: error.code })
    }
  }
  return allowed ? echoError(405) : echoError(404, `No dev route ${request.method} ${request.path}; GET ${DEV_PREFIX} lists them.`)
}

/** The `:parameter` segment's value ('' when the pattern has none), or `undefined` when the path does not match. */
function matchPattern(pattern: string, segments: readonly string[]): string | undefined {
  const parts = pattern === '' ? [] : pattern.split('/')
  if (parts.length !== segments.length) return undefined
  let parameter = ''
  for (const [index, part] of parts.entries()) {
    const segment = segments[index]!
    if (part.startsWith(':')) {
      try {
        parameter = decodeURIComponent(segment)
      } catch {
        return undefined
      }
    } else if (part !== segment) {
      return undefined
    }
  }
  return parameter
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

function mintOptions(body: Record<string, unknown>): Parameters<HankoEmulator['mintSessionToken']>[0] {
  const options: Record<string, unknown> = {}
  for (const name of ['email', 'claims', 'lifetime', 'amr']) if (body[name] !== undefined) options[name] = body[name]
  return options
}

function loginOptions(body: Record<string, unknown>): { register?: boolean } {
  const { register } = body
  if (register !== undefined && typeof register !== 'boolean') throw new EmulatorError('ERR_INVALID_ARGUMENT', '"register" must be true or false.')
  return register === undefined ? {} : { register }
}

function moveClock(emulator: HankoEmulator, body: Record<string, unknown>): number {
  const { advance, set } = body
  if ((advance === undefined) === (set === undefined)) {
    throw new EmulatorError('ERR_INVALID_ARGUMENT', 'Send exactly one of {"advance": "5m" | seconds} and {"set": ms | ISO time}.')
  }
  if (advance !== undefined) {
    if (typeof advance !== 'number' && typeof advance !== 'string') throw new EmulatorError('ERR_INVALID_ARGUMENT', `"advance" must be ${DURATION_FORM}.`)
    return emulator.clock.advance(advance)
  }
  if (typeof set !== 'number' && typeof set !== 'string') throw new EmulatorError('ERR_INVALID_ARGUMENT', '"set" must be a number or an ISO time.')
  return emulator.clock.set(set)
}

function clock(now: number): EmulatorResponse {
  return json(200, { now: new Date(now).toISOString(), epochMs: now })
}

function noContent(): EmulatorResponse {
  return emptyResponse(204)
}
