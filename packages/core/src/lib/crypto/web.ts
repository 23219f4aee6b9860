import type { SessionAlgorithm } from '../algorithms.js'
import { decodeBase64url } from '../base64url.js'
import type { CryptoBackend } from './backend.js'

/** WebCrypto's parameters for each JWS algorithm (RFC 7518 §3: PSS salt = hash length). */
const PARAMETERS: Readonly<Record<SessionAlgorithm, AlgorithmIdentifier | RsaPssParams | EcdsaParams>> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  RS384: { name: 'RSASSA-PKCS1-v1_5' },
  RS512: { name: 'RSASSA-PKCS1-v1_5' },
  PS256: { name: 'RSA-PSS', saltLength: 32 },
  PS384: { name: 'RSA-PSS', saltLength: 48 },
  PS512: { name: 'RSA-PSS', saltLength: 64 },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  ES384: { name: 'ECDSA', hash: 'SHA-384' },
  ES512: { name: 'ECDSA', hash: 'SHA-512' },
  EdDSA: { name: 'Ed25519' },
  Ed25519: { name: 'Ed25519' },
}

const encoder = new TextEncoder()
type FromBase64 = (text: string, options: { alphabet: 'base64url' }) => Uint8Array
const nativeFromBase64 = (Uint8Array as unknown as { fromBase64?: FromBase64 }).fromBase64

/**
 * WebCrypto: the backend for Bun, Deno, workerd, Vercel Edge and browsers. The key was selected and
 * imported by jose for exactly this algorithm; what is left is the one `crypto.subtle.verify` call that
 * jose's own verify makes, without parsing the token a second time (our stricter parse already ran).
 */
export const backend: CryptoBackend = {
  name: 'web',
  decodeBase64url: nativeFromBase64 === undefined ? decodeBase64url : (segment) => nativeFromBase64(segment, { alphabet: 'base64url' }),
  async verifySignature(algorithm: SessionAlgorithm, key, headerSegment, payloadSegment, signatureSegment) {
    try {
      return await crypto.subtle.verify(
        PARAMETERS[algorithm],
        key,
        backend.decodeBase64url(signatureSegment) as Uint8Array<ArrayBuffer>,
        encoder.encode(`${headerSegment}.${payloadSegment}`),
      )
    } catch {
      // Some implementations throw rather than answer false for malformed signatures (wrong length).
      return false
    }
  },
}
