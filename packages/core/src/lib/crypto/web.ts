import type { SessionAlgorithm } from '../algorithms.js'
import { decodeBase64urlInto, decodedLength } from '../base64url.js'
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

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const encoder = new TextEncoder()

/**
 * Reusable byte buffers. A fresh Uint8Array per token costs more than decoding into it (in V8 every
 * typed array over 64 bytes gets its own off-heap store). Reuse is safe because each use ends before
 * the call returns: TextDecoder copies synchronously, and WebCrypto copies its inputs synchronously
 * ("get a copy of the bytes held by" each argument, before the promise is returned).
 */
class Scratch {
  private bytes = new Uint8Array(1024)

  /** A view of at least `length` reusable bytes, valid until the next call. */
  view(length: number): Uint8Array<ArrayBuffer> {
    if (this.bytes.length < length) this.bytes = new Uint8Array(Math.max(length, this.bytes.length * 2))
    return this.bytes.subarray(0, length)
  }
}
const decodeScratch = new Scratch()
const inputScratch = new Scratch()

function decodeIntoScratch(segment: string): Uint8Array<ArrayBuffer> {
  const view = decodeScratch.view(decodedLength(segment))
  return view.subarray(0, decodeBase64urlInto(segment, view))
}

/**
 * WebCrypto: the backend for workerd, Vercel Edge, browsers and anything else without node:crypto. The
 * key was selected and imported by jose for exactly this algorithm; what is left is the one
 * `crypto.subtle.verify` call that jose's own verify makes, without parsing the token a second time
 * (our stricter parse already ran).
 */
export const backend: CryptoBackend = {
  name: 'web',
  decodeText: (segment) => UTF8.decode(decodeIntoScratch(segment)),
  async verifySignature(algorithm: SessionAlgorithm, key, _jwk, headerSegment, payloadSegment, signatureSegment) {
    try {
      // Both arguments are read (copied) before verify() returns its promise; see Scratch.
      const signingInput = inputScratch.view(headerSegment.length + payloadSegment.length + 1)
      const { written } = encoder.encodeInto(`${headerSegment}.${payloadSegment}`, signingInput)
      return await crypto.subtle.verify(PARAMETERS[algorithm], key, decodeIntoScratch(signatureSegment), signingInput.subarray(0, written))
    } catch {
      // Some implementations throw rather than answer false for malformed signatures (wrong length).
      return false
    }
  },
}
