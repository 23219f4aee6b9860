import type { CryptoBackend } from './crypto/backend.js'
import { SessionError } from '../SessionError.js'
import type { SessionAlgorithm } from './algorithms.js'
import { isCanonicalBase64url } from './base64url.js'
import type { BoundedMap } from './boundedMap.js'
import { describeKid } from './redact.js'
import { type JsonValue, parseStrictJson } from './strictJson.js'

/** A compact JWS whose grammar, header and (for JWTs) payload passed every check that needs no key. */
export interface CompactToken {
  readonly header: TokenHeader
  readonly headerSegment: string
  readonly payloadSegment: string
  readonly signatureSegment: string
}

export interface TokenHeader {
  readonly alg: SessionAlgorithm
  readonly kid: string
  readonly [member: string]: JsonValue
}

export interface CompactTokenRules {
  readonly maxTokenLength: number
  readonly algorithms: ReadonlySet<string>
  /**
   * Header segments that passed every check, with their parsed header. A signer's tokens share one
   * header segment (same alg, kid and typ), so this spares re-checking it for every token. Bounded.
   */
  readonly knownHeaders?: BoundedMap<string, TokenHeader>
}

const MAX_KID_LENGTH = 256
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/

/**
 * Checks everything about a token that needs no key, in the order that costs an attacker the most and
 * us the least: type and size, then the compact grammar (three non-empty canonical base64url segments,
 * nothing else), then the header (strict JSON; `alg` on the allow-list before any key is looked up;
 * no `crit`; a printable `kid`). `jku`, `x5u`, `jwk` and `x5c` are never read: keys come only from the
 * verifier's own JWKS.
 */
export function parseCompactToken(token: unknown, rules: CompactTokenRules, crypto: CryptoBackend): CompactToken {
  if (typeof token !== 'string') {
    throw new SessionError('ERR_TOKEN_MALFORMED', `Expected the session token as a string, got ${describeType(token)}.`)
  }
  if (token.length > rules.maxTokenLength) {
    throw new SessionError(
      'ERR_TOKEN_TOO_LARGE',
      `The session token is ${token.length} characters long; the limit is ${rules.maxTokenLength} (option maxTokenLength).`,
    )
  }
  const firstDot = token.indexOf('.')
  const secondDot = firstDot === -1 ? -1 : token.indexOf('.', firstDot + 1)
  if (secondDot === -1 || token.indexOf('.', secondDot + 1) !== -1) {
    throw malformed('a compact JWS has exactly three dot-separated segments')
  }
  const headerSegment = token.slice(0, firstDot)
  const payloadSegment = token.slice(firstDot + 1, secondDot)
  const signatureSegment = token.slice(secondDot + 1)
  const known = rules.knownHeaders?.get(headerSegment)
  if (
    (known === undefined && !isCanonicalBase64url(headerSegment)) ||
    !isCanonicalBase64url(payloadSegment) ||
    !isCanonicalBase64url(signatureSegment)
  ) {
    throw malformed('each segment must be non-empty, unpadded, canonical base64url')
  }
  if (known !== undefined) return { header: known, headerSegment, payloadSegment, signatureSegment }
  const header = checkHeader(headerSegment, rules, crypto)
  rules.knownHeaders?.set(headerSegment, header)
  return { header, headerSegment, payloadSegment, signatureSegment }
}

function checkHeader(headerSegment: string, rules: CompactTokenRules, crypto: CryptoBackend): TokenHeader {
  const header = decodeJsonObject(headerSegment, 'header', crypto)
  const alg = header['alg']
  if (typeof alg !== 'string' || !rules.algorithms.has(alg)) {
    throw new SessionError(
      'ERR_ALG_NOT_ALLOWED',
      typeof alg === 'string'
        ? `The token's algorithm ${JSON.stringify(alg.slice(0, 16))} is not allowed (allowed: ${[...rules.algorithms].join(', ')}).`
        : 'The token header has no "alg".',
    )
  }
  if (header['crit'] !== undefined) throw malformed('the "crit" header parameter is not supported')
  if (header['b64'] !== undefined) throw malformed('the "b64" header parameter is not supported')
  const kid = header['kid']
  if (kid === undefined) throw new SessionError('ERR_KID_MISSING', 'The token header has no "kid"; Hanko always sets one.')
  if (typeof kid !== 'string' || kid.length > MAX_KID_LENGTH || !PRINTABLE_ASCII.test(kid)) {
    throw malformed(`"kid" must be 1 to ${MAX_KID_LENGTH} printable ASCII characters, got ${describeKid(kid)}`)
  }
  return header as TokenHeader // frozen by the strict parser, so safe to share between tokens
}

/** Decodes a segment as UTF-8 (fatal; no BOM) strict JSON that must be an object. */
export function decodeJsonObject(
  segment: string,
  part: 'header' | 'payload',
  crypto: CryptoBackend,
): { [member: string]: JsonValue } {
  let value: JsonValue
  try {
    const text = crypto.decodeText(segment)
    if (text.charCodeAt(0) === 0xfeff) throw new Error('byte order mark')
    value = parseStrictJson(text)
  } catch (error) {
    throw new SessionError('ERR_TOKEN_MALFORMED', `The token ${part} is not strict UTF-8 JSON: ${reason(error)}.`, {
      cause: error,
    })
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw malformed(`the token ${part} must be a JSON object`)
  }
  return value
}

function malformed(detail: string): SessionError {
  return new SessionError('ERR_TOKEN_MALFORMED', `The session token is malformed: ${detail}.`)
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message.replace(/\.$/, '') : 'invalid'
}

function describeType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value
}
