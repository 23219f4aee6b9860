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
  /** Bytes of a canonical base64url segment (already checked by `isCanonicalBase64url`). */
  decodeBase64url(segment: string): Uint8Array
  /**
   * Whether `signature` is a valid `algorithm` signature by `key` over `header.payload`.
   * Resolves `false` for a wrong signature; never throws for attacker-controlled bytes.
   */
  verifySignature(
    algorithm: SessionAlgorithm,
    key: CryptoKey,
    headerSegment: string,
    payloadSegment: string,
    signatureSegment: string,
  ): boolean | Promise<boolean>
}
