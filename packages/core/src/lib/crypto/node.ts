import { Buffer } from 'node:buffer'
import { type JsonWebKey, type KeyObject, constants, createPublicKey, verify } from 'node:crypto'
import type { JWK } from 'jose'
import type { SessionAlgorithm } from '../algorithms.js'
import type { CryptoBackend } from './backend.js'

/**
 * `node:crypto`: the backend for Node, Bun and Deno. Keys are still selected and imported by jose
 * (which validates them); this backend makes a KeyObject from the same public JWK once and verifies
 * synchronously. That skips the thread-pool round trip WebCrypto makes for every signature: about 2×
 * the throughput on one core in Node, 1.7× in Bun.
 */
export const backend: CryptoBackend = {
  name: 'node',
  decodeText: (segment) => UTF8.decode(Buffer.from(segment, 'base64url')),
  verifySignature(algorithm: SessionAlgorithm, _key, jwk, headerSegment, payloadSegment, signatureSegment) {
    const signingInput = Buffer.from(`${headerSegment}.${payloadSegment}`, 'latin1')
    const signature = Buffer.from(signatureSegment, 'base64url')
    const keyObject = keyObjectFor(jwk)
    try {
      switch (algorithm) {
        case 'RS256':
        case 'RS384':
        case 'RS512':
          return verify(hashOf(algorithm), signingInput, keyObject, signature)
        case 'PS256':
        case 'PS384':
        case 'PS512':
          return verify(
            hashOf(algorithm),
            signingInput,
            { key: keyObject, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
            signature,
          )
        case 'ES256':
        case 'ES384':
        case 'ES512':
          return verify(hashOf(algorithm), signingInput, { key: keyObject, dsaEncoding: 'ieee-p1363' }, signature)
        case 'EdDSA':
        case 'Ed25519':
          return verify(null, signingInput, keyObject, signature)
      }
    } catch {
      // OpenSSL throws on some malformed signatures (wrong length, bad encoding): a wrong signature all the same.
      return false
    }
  },
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const keyObjects = new WeakMap<JWK, KeyObject>()

function keyObjectFor(jwk: JWK): KeyObject {
  let keyObject = keyObjects.get(jwk)
  if (keyObject === undefined) {
    // From the JWK, not KeyObject.from(CryptoKey): that is deprecated for non-extractable keys.
    keyObject = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' })
    keyObjects.set(jwk, keyObject)
  }
  return keyObject
}

function hashOf(algorithm: SessionAlgorithm): string {
  return `sha${algorithm.slice(2)}`
}
