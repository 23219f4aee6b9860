import type { FetchLike } from '@hanko-session/core'
import { EmulatorError } from '../EmulatorError.js'
import type { LoginWithPasscodeOptions, PasscodeLogin } from '../PasscodeLogin.js'
import { isPlainObject, parseJson } from './http.js'

/** What the login needs from the emulator; all of it public behaviour except the cookie name. */
interface PasscodeLoginParts {
  /** `emulator.fetch`: every step goes through the same handler (faults included) a browser reaches. */
  readonly fetch: FetchLike
  /** The outbox: the last code mailed to an address. */
  readonly lastPasscode: (email: string) => string | undefined
  readonly userExists: (email: string) => boolean
  readonly cookieName: string
  /** The API URL a browser would be given, e.g. `http://localhost:8000` or `http://localhost:8000/<tenant>`; as in the SDK, a request goes to this plus the path or href. */
  readonly apiUrl: string
}

type FlowState = { readonly name: string; readonly csrf_token: string; readonly actions: Record<string, { href?: unknown }>; readonly payload?: unknown; readonly error?: { code?: unknown } }

/**
 * Logs `email` in through Hanko's Flow API, step by step as `@teamhanko/hanko-frontend-sdk` does: start
 * the flow, report client capabilities (no WebAuthn), send the address, read the passcode from the
 * outbox, verify it, skip passkey onboarding if offered, and take the token from the `success` answer.
 */
export async function loginWithPasscode(parts: PasscodeLoginParts, email: string, options: LoginWithPasscodeOptions = {}): Promise<PasscodeLogin> {
  if (options === null || typeof options !== 'object') throw new EmulatorError('ERR_INVALID_ARGUMENT', 'loginWithPasscode options must be an object.')
  if (options.register !== undefined && typeof options.register !== 'boolean') throw new EmulatorError('ERR_INVALID_ARGUMENT', '"register" must be true or false.')
  if (options.userAgent !== undefined && (typeof options.userAgent !== 'string' || options.userAgent.length > 512)) {
    throw new EmulatorError('ERR_INVALID_ARGUMENT', '"userAgent" must be a string of at most 512 characters.')
  }
  const flow = parts.userExists(email) ? 'login' : 'registration'
  if (flow === 'registration' && options.register === false) {
    throw new EmulatorError('ERR_INVALID_ARGUMENT', `No user has the address ${JSON.stringify(email)}, and { register: false } forbids creating one.`)
  }
  const headers = { accept: 'application/json', 'content-type': 'application/json', 'user-agent': options.userAgent ?? 'hanko-emulator' }
  const step = async (href: string, body?: unknown): Promise<{ state: FlowState; response: Response }> => {
    const url = new URL(`${parts.apiUrl.replace(/\/$/, '')}${href}`)
    const response = await parts.fetch(new Request(url, { method: 'POST', headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }))
    if (response.type === 'error') throw failed(`POST ${url.pathname} failed with a network error (a 'drop' fault?).`)
    const parsed = parseJson(await response.text())
    if (parsed === undefined || !isFlowState(parsed.value)) throw failed(`POST ${url.pathname} answered ${response.status} without a flow state.`)
    // Hanko answers a refused step with the same state and an error (e.g. passcode_confirmation + rate_limit_exceeded).
    if (parsed.value.error !== undefined) throw unexpected(parsed.value, 'the next state')
    return { state: parsed.value, response }
  }
  const act = (state: FlowState, action: string, inputData: Record<string, unknown>): ReturnType<typeof step> => {
    const href = state.actions[action]?.href
    if (typeof href !== 'string') throw unexpected(state, action)
    return step(href, { input_data: inputData, csrf_token: state.csrf_token })
  }

  let { state } = await step(`/${flow}`)
  ;({ state } = await act(state, 'register_client_capabilities', { webauthn_available: false }))
  ;({ state } = await act(state, flow === 'login' ? 'continue_with_login_identifier' : 'register_login_identifier', { email }))
  const code = parts.lastPasscode(email)
  if (state.name !== 'passcode_confirmation' || code === undefined) throw unexpected(state, 'verify_passcode')
  let answer = await act(state, 'verify_passcode', { code })
  if (answer.state.name === 'onboarding_create_passkey') answer = await act(answer.state, 'skip', {})
  if (answer.state.name !== 'success') throw unexpected(answer.state, 'success')
  return session(answer.state, answer.response, parts.cookieName, flow)
}

function session(state: FlowState, response: Response, cookieName: string, flow: PasscodeLogin['flow']): PasscodeLogin {
  const prefix = `${cookieName}=`
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith(prefix))
  const token = response.headers.get('x-auth-token') ?? cookie?.slice(prefix.length).split(';')[0]
  const claims = isPlainObject(state.payload) && isPlainObject(state.payload['claims']) ? state.payload['claims'] : {}
  const { subject, session_id: sessionId, expiration } = claims
  if (token === undefined || token === '' || typeof subject !== 'string' || typeof sessionId !== 'string' || typeof expiration !== 'string') {
    throw failed('The success answer carried no session token or claims.')
  }
  return { token, userId: subject, sessionId, expiresAt: new Date(expiration), flow }
}

function unexpected(state: FlowState, wanted: string): EmulatorError {
  const code = typeof state.error?.code === 'string' ? state.error.code : undefined
  if (code === 'rate_limit_exceeded') {
    const resendAfter = isPlainObject(state.payload) ? state.payload['resend_after'] : undefined
    return new EmulatorError(
      'ERR_LIMIT_REACHED',
      `Hanko's passcode rate limit was reached for this address (next mail in ${String(resendAfter)} s): move the clock, or set passcodeRateLimit: 0.`,
    )
  }
  return failed(`The flow stopped at "${state.name}"${code === undefined ? '' : ` with ${code}`} instead of reaching ${wanted}.`)
}

function failed(message: string): EmulatorError {
  return new EmulatorError('ERR_LOGIN_FAILED', `Passcode login failed: ${message}`)
}

function isFlowState(value: unknown): value is FlowState {
  return isPlainObject(value) && typeof value['name'] === 'string' && isPlainObject(value['actions'])
}
