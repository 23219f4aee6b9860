import { type HankoEmulator, type HankoEmulatorOptions, type SnapshotKey, createHankoEmulator } from '../index.js'

/** Where tests pretend the emulator lives; only the path matters to it. */
export const API = 'http://localhost:8000'
export const APP_ORIGIN = 'http://localhost:3000'

/** Hanko's JSON as the tests read it: deep property access without casts; the assertions check the shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test-only alias for parsed response bodies
export type Json = any

export interface Answer {
  readonly status: number
  readonly headers: Headers
  readonly body: Json
}

export interface CallInit {
  method?: string
  json?: unknown
  body?: BodyInit
  headers?: Record<string, string>
}

/** Sends one request to the emulator as a browser on APP_ORIGIN would, and reads the JSON answer. */
export async function call(emulator: HankoEmulator, path: string, init: CallInit = {}): Promise<Answer> {
  const headers = new Headers({ origin: APP_ORIGIN, ...init.headers })
  let body = init.body
  if (init.json !== undefined) {
    body = JSON.stringify(init.json)
    if (!headers.has('content-type')) headers.set('content-type', 'application/json')
  }
  const method = init.method ?? (body === undefined ? 'GET' : 'POST')
  const response = await emulator.fetch(new Request(`${API}${path}`, { method, headers, ...(body === undefined ? {} : { body }) }))
  const text = response.type === 'error' ? '' : await response.text()
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) }
}

/** Runs an action of a state object the way the SDK does: its href, its csrf token, `input_data`. */
export function act(emulator: HankoEmulator, state: Json, action: string, inputData: Record<string, unknown> = {}, headers?: Record<string, string>): Promise<Answer> {
  const href = state.actions[action]?.href as string | undefined
  if (href === undefined) throw new Error(`State ${state.name} offers no ${action}; it offers ${Object.keys(state.actions).join(', ')}`)
  return call(emulator, href, { json: { input_data: inputData, csrf_token: state.csrf_token }, ...(headers ? { headers } : {}) })
}

/** Starts a flow and runs the preflight auto-step, as the SDK does; returns the first real state. */
export async function startFlow(emulator: HankoEmulator, flow: 'login' | 'registration' | 'profile', headers?: Record<string, string>): Promise<Answer> {
  const preflight = await call(emulator, `/${flow}`, { method: 'POST', ...(headers ? { headers } : {}) })
  if (preflight.status !== 200) return preflight
  return act(emulator, preflight.body, 'register_client_capabilities', { webauthn_available: false }, headers)
}

/** Logs in (or registers) `email` with its emailed passcode over the Flow API; returns the success answer and the token. */
export async function passcodeLogin(emulator: HankoEmulator, email: string, flow: 'login' | 'registration' = 'login', headers?: Record<string, string>): Promise<{ token: string; success: Answer }> {
  const init = await startFlow(emulator, flow, headers)
  const passcode = await act(emulator, init.body, flow === 'login' ? 'continue_with_login_identifier' : 'register_login_identifier', { email }, headers)
  const success = await act(emulator, passcode.body, 'verify_passcode', { code: emulator.lastPasscode(email) }, headers)
  if (success.body.name !== 'success') throw new Error(`Expected success, got ${JSON.stringify(success.body)}`)
  return { token: success.headers.get('x-auth-token') ?? '', success }
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` }
}

/** A clock for the emulator that only moves when the test says so. */
export function fixedClock(start = Date.UTC(2026, 0, 15, 9, 0, 0)): () => number {
  return () => start
}

let sharedKeys: Promise<readonly SnapshotKey[]> | undefined

/**
 * A new emulator that starts from one signing key generated once per test file: RSA key generation
 * dominates an emulator's start, and the tests are about everything else.
 */
export async function freshEmulator(options: HankoEmulatorOptions = {}): Promise<HankoEmulator> {
  sharedKeys ??= createHankoEmulator()
    .snapshot()
    .then((snapshot) => snapshot.keys)
  const keys = await sharedKeys
  const emulator = createHankoEmulator({ snapshot: { version: 1, keys, users: [], sessions: [] }, ...options })
  await emulator.ready()
  return emulator
}
