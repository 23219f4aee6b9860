import type { CryptoBackend } from './crypto/backend.js'
import { SessionError } from '../SessionError.js'
import { isCanonicalBase64url } from './base64url.js'
import type { BoundedMap } from './boundedMap.js'
import { type JsonValue, parseStrictJson } from './strictJson.js'
import { type TokenHeader, type TokenHeaderRules, checkTokenHeader } from './tokenHeader.js'

/** A compact JWS whose size, grammar and header passed every check that needs no key. */
export interface CompactJws {
  readonly header: TokenHeader
  readonly headerSegment: string
  readonly payloadSegment: string
  readonly signatureSegment: string
}

/** A session token before its signature is checked: a {@link CompactJws} whose payload is a strict-JSON object. */
export interface CompactToken extends CompactJws {
  readonly payload: JsonObject
}

export interface CompactTokenRules extends TokenHeaderRules {
  readonly maxTokenLength: number
  /**
   * Header segments that passed every header rule, with their parsed header. A signer's tokens share
   * one header segment (same alg, kid and typ), so a known segment skips its grammar check, its
   * decoding and every rule of `checkTokenHeader`. Bounded.
   */
  readonly knownHeaders?: BoundedMap<string, TokenHeader>
}

type JsonObject = { [member: string]: JsonValue }

/**
 * Checks everything about a session token that needs no key, in the order that costs an attacker the
 * most and us the least: type and size, then the compact grammar (three non-empty canonical base64url
 * segments, nothing else), then the header (strict UTF-8 JSON object meeting every rule of
 * `checkTokenHeader`, once per distinct header), then the payload (strict UTF-8 JSON object).
 */
export function parseCompactToken(token: unknown, rules: CompactTokenRules, crypto: CryptoBackend): CompactToken {
  return parse(token, rules, crypto, true) as CompactToken
}

/** {@link parseCompactToken} without reading the payload: for JWS test vectors whose payload is text. */
export function parseCompactJws(token: unknown, rules: CompactTokenRules, crypto: CryptoBackend): CompactJws {
  return parse(token, rules, crypto, false)
}

function parse(token: unknown, rules: CompactTokenRules, crypto: CryptoBackend, readsPayload: boolean): CompactJws | CompactToken {
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
  let header = known
  if (header === undefined) {
    header = checkTokenHeader(decodeJsonObject(headerSegment, 'header', crypto), rules)
    rules.knownHeaders?.set(headerSegment, header)
  }
  if (!readsPayload) return { header, headerSegment, payloadSegment, signatureSegment }
  const payload = decodeJsonObject(payloadSegment, 'payload', crypto)
  return { header, headerSegment, payloadSegment, signatureSegment, payload }
}

/** Decodes a segment as UTF-8 (fatal; no BOM) strict JSON that must be an object. */
function decodeJsonObject(segment: string, part: 'header' | 'payload', crypto: CryptoBackend): JsonObject {
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
