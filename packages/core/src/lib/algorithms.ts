/**
 * The asymmetric JWS algorithms a verifier can be told to accept. Symmetric (HS*) and `none` are not
 * here and cannot be configured: Hanko publishes public keys only, so any HMAC token is a forgery.
 */
export const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const

export type SessionAlgorithm = (typeof ASYMMETRIC_ALGORITHMS)[number]

/** What Hanko signs with, and so the only default. */
export const DEFAULT_ALGORITHMS: readonly SessionAlgorithm[] = ['RS256']

const SUPPORTED: ReadonlySet<string> = new Set(ASYMMETRIC_ALGORITHMS)

export function isSessionAlgorithm(value: unknown): value is SessionAlgorithm {
  return typeof value === 'string' && SUPPORTED.has(value)
}

/** The JWK `kty` (and curve, where there is one) an algorithm needs. */
export function keyTypeFor(algorithm: SessionAlgorithm): { kty: 'RSA' | 'EC' | 'OKP'; crv?: string } {
  switch (algorithm) {
    case 'ES256':
      return { kty: 'EC', crv: 'P-256' }
    case 'ES384':
      return { kty: 'EC', crv: 'P-384' }
    case 'ES512':
      return { kty: 'EC', crv: 'P-521' }
    case 'EdDSA':
    case 'Ed25519':
      return { kty: 'OKP', crv: 'Ed25519' }
    default:
      return { kty: 'RSA' }
  }
}
