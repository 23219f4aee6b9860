import type { HankoClaims } from '../HankoSession.js'
import { SessionError } from '../SessionError.js'
import { BoundedMap } from './boundedMap.js'
import type { FetchLike } from '../SessionVerifierOptions.js'
import { fetchJson } from './fetchJson.js'
import type { ResolvedRevocation } from './resolveOptions.js'
import { SingleFlight } from './singleFlight.js'

interface Answer {
  readonly valid: boolean
  /** Reuse the answer until then (ms). */
  readonly until: number
  /** When Hanko last said "valid" (ms); what a bounded fail-open measures against. */
  readonly confirmedAt: number | undefined
}

const MAX_CACHED_SESSIONS = 10_000
const MAX_ANSWER_BYTES = 64 * 1024

/** What Hanko said about sessions, and the checks under way: the state of one set of revocation rules. */
export interface RevocationAnswers {
  readonly answers: BoundedMap<string, Answer>
  readonly flights: SingleFlight<string, Answer>
}

export function createRevocationAnswers(rules: ResolvedRevocation): RevocationAnswers {
  return {
    answers: new BoundedMap(MAX_CACHED_SESSIONS),
    flights: new SingleFlight(rules.timeoutMs, () => unavailable(`Hanko's session check did not answer within ${rules.timeoutMs} ms.`)),
  }
}

/**
 * The remote half of `'remote'` and `'hybrid'` revocation: asks Hanko's `/sessions/validate` whether a
 * locally verified session still exists. Only tokens whose signature and claims already passed come
 * here, so answers can be cached by `session_id` without an attacker steering the cache.
 */
export class RevocationCheck {
  private readonly answers: BoundedMap<string, Answer>
  private readonly flights: SingleFlight<string, Answer>

  constructor(
    private readonly rules: ResolvedRevocation,
    private readonly fetch: FetchLike,
    private readonly now: () => number,
    /** Answers and checks under way, shared with other verifiers of the same revocation rules. */
    shared: RevocationAnswers = createRevocationAnswers(rules),
  ) {
    this.answers = shared.answers
    this.flights = shared.flights
  }

  /** Resolves when Hanko confirms the session; rejects with `ERR_SESSION_REVOKED` or `ERR_REVOCATION_UNAVAILABLE`. */
  async assertActive(token: string, claims: HankoClaims): Promise<void> {
    const cached = this.answers.get(claims.session_id)
    if (cached !== undefined && this.now() < cached.until) {
      if (cached.valid) return
      throw revoked()
    }
    let answer: Answer
    try {
      // 'remote' promises an answer given after the call began: joining a check already under way
      // could pass a token whose session was ended (a logout) after that check went out.
      answer = this.rules.mode === 'remote' ? await this.ask(token, claims) : await this.flights.run(claims.session_id, () => this.ask(token, claims))
    } catch (error) {
      if (error instanceof SessionError && error.code === 'ERR_SESSION_REVOKED') throw error
      const { failOpenMaxStalenessMs } = this.rules
      if (
        failOpenMaxStalenessMs !== undefined &&
        cached?.confirmedAt !== undefined &&
        this.now() - cached.confirmedAt <= failOpenMaxStalenessMs
      ) {
        return
      }
      throw error
    }
    if (!answer.valid) throw revoked()
  }

  private async ask(token: string, claims: HankoClaims): Promise<Answer> {
    const { touch, url, timeoutMs, cacheTtlMs } = this.rules
    const { body } = await fetchJson(url, {
      fetch: this.fetch,
      timeoutMs,
      maxBytes: MAX_ANSWER_BYTES,
      init: touch
        ? {
            method: 'POST',
            headers: { accept: 'application/json', 'content-type': 'application/json' },
            body: JSON.stringify({ session_token: token }),
          }
        : { method: 'GET', headers: { accept: 'application/json', authorization: `Bearer ${token}` } },
      subject: "Hanko's session check",
      codes: { unavailable: 'ERR_REVOCATION_UNAVAILABLE', timeout: 'ERR_REVOCATION_UNAVAILABLE', invalid: 'ERR_REVOCATION_UNAVAILABLE' },
    })
    if (body === null || typeof body !== 'object' || Array.isArray(body) || typeof body['is_valid'] !== 'boolean') {
      throw unavailable(`Hanko's session check answered without "is_valid".`)
    }
    const now = this.now()
    const expiresAt = claims.exp * 1000
    if (!body['is_valid']) {
      // A deleted session never comes back: remember that until the token could not pass anyway.
      if (cacheTtlMs > 0) this.answers.set(claims.session_id, { valid: false, until: expiresAt, confirmedAt: undefined })
      return { valid: false, until: expiresAt, confirmedAt: undefined }
    }
    const remote = body['claims']
    if (
      remote === null ||
      typeof remote !== 'object' ||
      Array.isArray(remote) ||
      typeof remote['subject'] !== 'string' ||
      typeof remote['session_id'] !== 'string'
    ) {
      // The answer's shape changed: we cannot tell whether the session lives, which is an outage (503),
      // not a reason to sign the user out (401).
      throw unavailable(`Hanko's session check answered "is_valid": true without the session's "claims".`)
    }
    if (remote['subject'] !== claims.sub || remote['session_id'] !== claims.session_id) {
      throw new SessionError('ERR_SESSION_REVOKED', "Hanko's session check answered for a different session.")
    }
    const idleExpiresAt = typeof body['idle_expires_at'] === 'string' ? Date.parse(body['idle_expires_at']) : Number.NaN
    const until = Math.min(now + cacheTtlMs, expiresAt, Number.isNaN(idleExpiresAt) ? expiresAt : idleExpiresAt)
    const answer = { valid: true, until, confirmedAt: now }
    if (cacheTtlMs > 0 || this.rules.failOpenMaxStalenessMs !== undefined) this.answers.set(claims.session_id, answer)
    return answer
  }
}

function revoked(): SessionError {
  return new SessionError('ERR_SESSION_REVOKED', 'The session has ended at Hanko (logged out, revoked, deleted or idle).')
}

function unavailable(message: string): SessionError {
  return new SessionError('ERR_REVOCATION_UNAVAILABLE', message)
}
