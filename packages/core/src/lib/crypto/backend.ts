import type { JWK } from 'jose'
import type { SessionAlgorithm } from '../algorithms.js'

/**
 * What a crypto backend provides. Two exist, chosen per runtime through the package's `#crypto`
 * import condition: `web.ts` (WebCrypto, everywhere) and `node.ts` (synchronous `node:crypto` on Node,
 * where WebCrypto costs a thread-pool hop per call). In both, keys are selected and imported by jose.
 * Both run the same conformance suite, including every Wycheproof vector.
 */
export interface CryptoBackend {
  /** Which backend this is, for diagnostics and benchmarks. */
  readonly name: 'node' | 'web'
  /**
   * The text of a canonical base64url segment (already checked by `isCanonicalBase64url`), decoded
   * as strict UTF-8. Throws for invalid UTF-8.
   */
  decodeText(segment: string): string
  /**
   * Whether `signature` is a valid `algorithm` signature by the key over `header.payload`. `key` is
   * what jose imported for exactly this algorithm, and `jwk` the public JWK it imported (a stable
   * object per key, so a backend may cache its own form of it). Resolves `false` for a wrong
   * signature; never throws for attacker-controlled bytes.
   */
  verifySignature(
    algorithm: SessionAlgorithm,
    key: CryptoKey,
    jwk: JWK,
    headerSegment: string,
    payloadSegment: string,
    signatureSegment: string,
  ): boolean | Promise<boolean>
}
