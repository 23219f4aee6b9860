import { errors, flattenedVerify } from 'jose'
import type { SessionAlgorithm } from '../algorithms.js'
import { decodeBase64url } from '../base64url.js'
import type { CryptoBackend } from './backend.js'

/** WebCrypto through jose: the backend for Bun, Deno, workerd, Vercel Edge and browsers. */
export const backend: CryptoBackend = {
  name: 'web',
  decodeBase64url,
  async verifySignature(algorithm: SessionAlgorithm, key, headerSegment, payloadSegment, signatureSegment) {
    try {
      await flattenedVerify(
        { protected: headerSegment, payload: payloadSegment, signature: signatureSegment },
        key,
        { algorithms: [algorithm] },
      )
      return true
    } catch (error) {
      if (error instanceof errors.JWSSignatureVerificationFailed) return false
      throw error
    }
  },
}
