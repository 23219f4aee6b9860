/**
 * The runtime-neutral harness of the conformance suite. The same cases run under vitest on Node (with
 * both crypto backends) and, bundled, on Bun, Deno, workerd and Vercel's edge-runtime: so this file
 * uses only Web APIs and jose, never node: modules or vitest.
 */
import { type CryptoKey as JoseCryptoKey, SignJWT, exportJWK, generateKeyPair } from 'jose'
import {
  type HankoSession,
  type SessionError,
  type SessionErrorCode,
  type SessionVerifierOptions,
  createSessionVerifier,
  isSessionError,
} from '@hanko-session/core'

export interface ConformanceCase {
  /** The catalogue id (`A1`, `E8`, …) or a short tag for cases beyond it. */
  readonly id: string
  /** What a user can rely on, as a sentence. */
  readonly title: string
  run(fixture: Fixture): Promise<void>
}

export interface ConformanceGroup {
  readonly name: string
  readonly cases: readonly ConformanceCase[]
}

export class AssertionError extends Error {
  override readonly name = 'AssertionError'
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message)
}

export function assertEqual<T>(actual: T, expected: T, what: string): void {
  if (!Object.is(actual, expected) && JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new AssertionError(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
  }
}

/** Awaits `promise` and checks it rejected with a SessionError of `code` (and `claim`, when given). */
export async function rejectsWith(promise: Promise<unknown>, code: SessionErrorCode, claim?: string): Promise<SessionError> {
  let outcome: unknown
  try {
    await promise
  } catch (error) {
    outcome = error
  }
  if (!isSessionError(outcome)) {
    throw new AssertionError(
      outcome === undefined ? `expected ${code}, but it resolved` : `expected ${code}, got ${String(outcome)}`,
    )
  }
  assertEqual(outcome.code, code, 'error code')
  if (claim !== undefined) assertEqual(outcome.claim, claim, 'error claim')
  return outcome
}

/** Runs `action` and checks it threw a SessionError of `code` at once (not a rejection); returns the error. */
export function throwsWith(action: () => unknown, code: SessionErrorCode, what: string): SessionError {
  try {
    action()
  } catch (error) {
    if (!isSessionError(error)) throw new AssertionError(`${what}: expected ${code}, got ${String(error)}`)
    assertEqual(error.code, code, `${what}: error code`)
    return error
  }
  throw new AssertionError(`${what}: expected ${code}, but nothing was thrown`)
}

export const AUDIENCE = 'example.com'
export const API_URL = 'https://hanko.example.test'
export const JWKS_URL = `${API_URL}/.well-known/jwks.json`
export const VALIDATE_URL = `${API_URL}/sessions/validate`
/** The suite's "now", years away from the real clock: every time check must use the injected clock. */
export const NOW = Date.UTC(2031, 0, 15, 12, 0, 0)
export const NOW_SECONDS = NOW / 1000

export interface SigningKey {
  readonly kid: string
  readonly privateKey: JoseCryptoKey
  /** The public JWK as Hanko serves it (`alg`, `use`, `kid`). */
  readonly jwk: Record<string, unknown>
}

/** What every case gets: keys generated once per runtime, and factories for tokens, clocks and Hanko. */
export interface Fixture {
  /** Hanko's current signing key (kid `key-1`). */
  readonly key: SigningKey
  /** A second published key (kid `key-2`), for rotation. */
  readonly nextKey: SigningKey
  /** A key Hanko never published: what an attacker signs with. */
  readonly attackerKey: SigningKey
  readonly userId: string
  readonly sessionId: string
  /** Claims as Hanko issues them, valid at {@link NOW}. */
  claims(overrides?: Record<string, unknown>): Record<string, unknown>
  /** A token signed with `key` (default {@link Fixture.key}) over these claims and header. */
  mint(options?: { claims?: Record<string, unknown>; header?: Record<string, unknown>; key?: SigningKey }): Promise<string>
  /** A token over exactly these header and payload texts: for duplicate members, BOMs and other crafted JSON. */
  mintRaw(headerText: string, payloadText: string, key?: SigningKey): Promise<string>
  /** A fake Hanko (JWKS and session check) behind an injected fetch, with a controllable clock. */
  hanko(init?: FakeHankoInit): FakeHanko
}

export interface FakeHankoInit {
  readonly keys?: readonly SigningKey[]
}

export interface FakeJwksResponse {
  status?: number
  headers?: Record<string, string>
  /** The body text; default is the JSON of the published keys. */
  body?: string
  /** Never answer (until aborted). */
  hang?: boolean
  /** Fail as a network error. */
  networkError?: boolean
}

export interface FakeHanko {
  /** Inject as the verifier's `fetch`. Anything but the JWKS and session-check URLs is a test failure. */
  readonly fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>
  readonly clock: { now(): number; advance(milliseconds: number): void; set(milliseconds: number): void }
  /** Every request made, as `METHOD path`. */
  readonly requests: string[]
  jwksRequests(): number
  /** Replace the published key set. */
  publish(keys: readonly (SigningKey | Record<string, unknown>)[]): void
  /** How the JWKS endpoint answers from now on (until changed again). */
  respondJwks(response: FakeJwksResponse): void
  /** Sessions Hanko still knows. Tokens of other sessions get `is_valid: false`. */
  readonly activeSessions: Set<string>
  /** How `/sessions/validate` answers: normally from `activeSessions`; or a fault. */
  respondValidate(response: FakeJwksResponse | undefined): void
  /** A verifier wired to this fake Hanko and its clock. */
  verifier<T extends object = object>(options?: Partial<SessionVerifierOptions<T>>): ReturnType<typeof createSessionVerifier<T>>
}

const encoder = new TextEncoder()

export async function createFixture(): Promise<Fixture> {
  const [key, nextKey, attackerKey] = await Promise.all([signingKey('key-1'), signingKey('key-2'), signingKey('key-1')])
  const userId = crypto.randomUUID()
  const sessionId = crypto.randomUUID()

  const claims = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    sub: userId,
    session_id: sessionId,
    iat: NOW_SECONDS - 60,
    exp: NOW_SECONDS + 3600,
    aud: [AUDIENCE],
    email: { address: 'alice@example.com', is_primary: true, is_verified: true },
    amr: ['otp'],
    ...overrides,
  })

  const mint: Fixture['mint'] = async ({ claims: payload = claims(), header = {}, key: signer = key } = {}) => {
    const jwt = new SignJWT(withoutUndefined(payload))
    jwt.setProtectedHeader(withoutUndefined({ alg: 'RS256', kid: signer.kid, typ: 'JWT', ...header }))
    return jwt.sign(signer.privateKey)
  }

  const mintRaw: Fixture['mintRaw'] = async (headerText, payloadText, signer = key) => {
    const signingInput = `${base64url(encoder.encode(headerText))}.${base64url(encoder.encode(payloadText))}`
    const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', signer.privateKey, encoder.encode(signingInput))
    return `${signingInput}.${base64url(new Uint8Array(signature))}`
  }

  return { key, nextKey, attackerKey, userId, sessionId, claims, mint, mintRaw, hanko: (init) => createFakeHanko(init?.keys ?? [key]) }
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true })
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } }
}

function createFakeHanko(initialKeys: readonly SigningKey[]): FakeHanko {
  let now = NOW
  let published: Record<string, unknown>[] = initialKeys.map((key) => key.jwk)
  let jwksResponse: FakeJwksResponse = {}
  let validateResponse: FakeJwksResponse | undefined
  const requests: string[] = []
  const activeSessions = new Set<string>()

  const answer = async (response: FakeJwksResponse, fallbackBody: () => string, signal: AbortSignal | null | undefined) => {
    if (response.networkError) throw new TypeError('fetch failed')
    if (response.hang) {
      return new Promise<Response>((_, reject) => {
        signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
      })
    }
    return new Response(response.body ?? fallbackBody(), {
      status: response.status ?? 200,
      headers: response.headers ?? { 'content-type': 'application/json', 'cache-control': 'max-age=600' },
    })
  }

  const fake: FakeHanko = {
    requests,
    activeSessions,
    clock: { now: () => now, advance: (ms) => void (now += ms), set: (ms) => void (now = ms) },
    jwksRequests: () => requests.filter((request) => request === 'GET /.well-known/jwks.json').length,
    publish: (keys) => void (published = keys.map((key) => ('jwk' in key ? (key as SigningKey).jwk : key))),
    respondJwks: (response) => void (jwksResponse = response),
    respondValidate: (response) => void (validateResponse = response),
    async fetch(input, init) {
      const request = new Request(input, init)
      const url = new URL(request.url)
      requests.push(`${request.method} ${url.pathname}`)
      if (request.url === JWKS_URL && request.method === 'GET') {
        return answer(jwksResponse, () => JSON.stringify({ keys: published }), init?.signal)
      }
      if (request.url === VALIDATE_URL) {
        if (validateResponse === undefined) return validate(request, activeSessions)
        return answer(validateResponse, () => '{}', init?.signal)
      }
      throw new AssertionError(`unexpected request to ${request.method} ${request.url}`)
    },
    verifier: (options = {}) =>
      createSessionVerifier({ apiUrl: API_URL, audience: AUDIENCE, fetch: fake.fetch, now: fake.clock.now, ...options }),
  }
  return fake
}

/** Hanko's `/sessions/validate` for the fake: valid while the token's session is active. */
async function validate(request: Request, activeSessions: ReadonlySet<string>): Promise<Response> {
  const token =
    request.method === 'POST'
      ? ((await request.json()) as { session_token?: string }).session_token
      : request.headers.get('authorization')?.replace(/^Bearer /, '')
  const claims = token === undefined ? undefined : (JSON.parse(new TextDecoder().decode(base64urlDecode(token.split('.')[1]!))) as Record<string, unknown>)
  const body =
    claims !== undefined && activeSessions.has(claims['session_id'] as string)
      ? {
          is_valid: true,
          claims: { subject: claims['sub'], session_id: claims['session_id'], expiration: new Date((claims['exp'] as number) * 1000).toISOString() },
          user_id: claims['sub'],
        }
      : { is_valid: false }
  return Response.json(body)
}

export function base64url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export function base64urlDecode(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  return Uint8Array.from(binary, (char) => char.charCodeAt(0))
}

/** Replaces one segment of a compact token. */
export function withSegment(token: string, index: 0 | 1 | 2, segment: string): string {
  const parts = token.split('.')
  parts[index] = segment
  return parts.join('.')
}

export function expectSession(session: HankoSession, fixture: Fixture): void {
  assertEqual(session.userId, fixture.userId, 'userId')
  assertEqual(session.sessionId, fixture.sessionId, 'sessionId')
  assert(Object.isFrozen(session), 'the session is frozen')
}

function withoutUndefined<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T
}
