import { SessionError, type SessionErrorCode } from '../SessionError.js'
import { type JsonValue, parseStrictJson } from './strictJson.js'

export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

export interface BoundedFetchRules {
  readonly fetch: FetchFunction
  readonly timeoutMs: number
  readonly maxBytes: number
  readonly init?: RequestInit
  /** Names the remote in messages, e.g. "The JWKS endpoint". */
  readonly subject: string
  readonly codes: { readonly unavailable: SessionErrorCode; readonly timeout: SessionErrorCode; readonly invalid: SessionErrorCode }
}

export interface BoundedFetchResult {
  readonly body: JsonValue
  readonly headers: Headers
}

/** Only these are redirects; a `304 Not Modified` (we never send a conditional request) is not one. */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])
const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * GETs or POSTs and reads a JSON answer the way an auth library must: one deadline for the whole
 * exchange (headers and body), redirects refused rather than followed, only HTTP 200 with a JSON media
 * type, a byte cap enforced while streaming (a lying Content-Length cannot exhaust memory), and strict
 * JSON. Failures are `SessionError`s with the codes the caller chose.
 */
export async function fetchJson(url: string, rules: BoundedFetchRules): Promise<BoundedFetchResult> {
  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new SessionError(rules.codes.timeout, `${rules.subject} did not answer within ${rules.timeoutMs} ms.`))
      controller.abort()
    }, rules.timeoutMs)
  })
  try {
    return await Promise.race([exchange(url, rules, controller.signal), deadline])
  } finally {
    clearTimeout(timer)
  }
}

async function exchange(url: string, rules: BoundedFetchRules, signal: AbortSignal): Promise<BoundedFetchResult> {
  let response: Response
  try {
    response = await rules.fetch(url, { ...rules.init, redirect: 'manual', signal })
  } catch (error) {
    throw new SessionError(rules.codes.unavailable, `${rules.subject} could not be reached.`, { cause: error })
  }
  if (response.status !== 200) {
    discard(response)
    const redirect = REDIRECT_STATUSES.has(response.status) || response.type === 'opaqueredirect'
    throw new SessionError(
      rules.codes.unavailable,
      redirect
        ? `${rules.subject} answered with a redirect, which is never followed; configure the final URL.`
        : `${rules.subject} answered HTTP ${response.status}.`,
    )
  }
  const mediaType = response.headers.get('content-type') ?? ''
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    discard(response)
    throw new SessionError(
      rules.codes.unavailable,
      `${rules.subject} answered with ${JSON.stringify(mediaType.slice(0, 64))} instead of JSON.`,
    )
  }
  const declaredLength = Number(response.headers.get('content-length') ?? 0)
  if (declaredLength > rules.maxBytes) {
    discard(response)
    throw tooLarge(rules)
  }
  const bytes = await readBounded(response, rules)
  try {
    return { body: parseStrictJson(UTF8.decode(bytes)), headers: response.headers }
  } catch (error) {
    throw new SessionError(rules.codes.invalid, `${rules.subject} answered with invalid JSON.`, { cause: error })
  }
}

async function readBounded(response: Response, rules: BoundedFetchRules): Promise<Uint8Array> {
  if (response.body === null) return new Uint8Array(0)
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let length = 0
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>
    try {
      chunk = await reader.read()
    } catch (error) {
      throw new SessionError(rules.codes.unavailable, `${rules.subject} broke off its answer.`, { cause: error })
    }
    if (chunk.done) break
    length += chunk.value.byteLength
    if (length > rules.maxBytes) {
      reader.cancel().catch(() => {})
      throw tooLarge(rules)
    }
    chunks.push(chunk.value)
  }
  if (chunks.length === 1) return chunks[0]!
  const bytes = new Uint8Array(length)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

function tooLarge(rules: BoundedFetchRules): SessionError {
  return new SessionError(rules.codes.invalid, `${rules.subject} answered with more than ${rules.maxBytes} bytes.`)
}

/**
 * Drops a body we will not read, without waiting: a mocked body (msw, undici's MockAgent) may never
 * settle its `cancel()`, and waiting for it would turn a clear 503 into a timeout.
 */
function discard(response: Response): void {
  try {
    response.body?.cancel().catch(() => {})
  } catch {
    // A body that is locked or already consumed needs no discarding.
  }
}
