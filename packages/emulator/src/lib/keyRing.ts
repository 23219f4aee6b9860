import { type CryptoKey, type JWK, SignJWT, exportJWK, generateKeyPair, importJWK } from 'jose'
import { EmulatorError } from '../EmulatorError.js'
import type { EmulatorKey } from '../EmulatorRecords.js'
import type { SnapshotKey } from '../EmulatorSnapshot.js'
import { uuid } from './ids.js'
import { LIMITS } from './limits.js'

interface KeyEntry {
  readonly kid: string
  readonly createdAt: number
  readonly privateKey: CryptoKey
  readonly privateJwk: JWK
  readonly publicJwk: JWK
}

/**
 * The RS256 signing keys, like Hanko's local key management: the newest key signs, every key stays in
 * the JWKS (so tokens signed before a rotation stay valid until they expire) until it is retired.
 */
export class KeyRing {
  /** Oldest first; the last entry signs. */
  private entries: KeyEntry[] = []

  constructor(
    private readonly modulusLength: number,
    private readonly now: () => number,
  ) {}

  /** Creates a new signing key. Beyond {@link LIMITS.maxKeys} the oldest key is retired. */
  async rotate(): Promise<EmulatorKey> {
    const { privateKey } = await generateKeyPair('RS256', { modulusLength: this.modulusLength, extractable: true })
    const entry = await this.entryFor(uuid(), this.now(), privateKey)
    this.entries.push(entry)
    if (this.entries.length > LIMITS.maxKeys) this.entries.shift()
    return this.describe(entry)
  }

  /** Removes a key from the JWKS: tokens it signed stop verifying at once. The signing key cannot be retired. */
  retire(kid: string): void {
    const index = this.entries.findIndex((entry) => entry.kid === kid)
    if (index === -1) throw new EmulatorError('ERR_UNKNOWN_KEY', `There is no key with kid ${JSON.stringify(kid)}.`)
    if (index === this.entries.length - 1) {
      throw new EmulatorError('ERR_INVALID_ARGUMENT', 'The signing key cannot be retired; rotate first, then retire the old key.')
    }
    this.entries.splice(index, 1)
  }

  /** Retires every key but the signing one. */
  retireAllButSigning(): void {
    this.entries = this.entries.slice(-1)
  }

  list(): EmulatorKey[] {
    return this.entries.map((entry) => this.describe(entry)).reverse()
  }

  /** The public JWKS document, newest key first. */
  jwks(): { keys: JWK[] } {
    return { keys: this.entries.map((entry) => ({ ...entry.publicJwk })).reverse() }
  }

  async sign(payload: Record<string, unknown>): Promise<string> {
    const signer = this.entries.at(-1)
    if (signer === undefined) throw new Error('The key ring has no signing key.')
    return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: signer.kid, typ: 'JWT' }).sign(signer.privateKey)
  }

  toSnapshot(): SnapshotKey[] {
    return this.entries.map((entry) => ({ kid: entry.kid, createdAt: entry.createdAt, privateJwk: { ...entry.privateJwk } }))
  }

  async restore(keys: readonly SnapshotKey[]): Promise<void> {
    const entries: KeyEntry[] = []
    for (const key of keys.slice(-LIMITS.maxKeys)) {
      let privateKey: CryptoKey
      try {
        const imported = await importJWK({ ...key.privateJwk, alg: 'RS256' }, 'RS256', { extractable: true })
        if (!(typeof imported === 'object' && 'type' in imported && imported.type === 'private')) throw new Error('not a private key')
        privateKey = imported
      } catch (cause) {
        throw new EmulatorError('ERR_SNAPSHOT_INVALID', `The snapshot key ${JSON.stringify(key.kid)} is not a private RSA JWK.`, { cause })
      }
      entries.push(await this.entryFor(key.kid, key.createdAt, privateKey))
    }
    this.entries = entries
  }

  private async entryFor(kid: string, createdAt: number, privateKey: CryptoKey): Promise<KeyEntry> {
    const privateJwk = await exportJWK(privateKey)
    const { n, e } = privateJwk
    if (n === undefined || e === undefined) throw new Error('The exported RSA key has no modulus or exponent.')
    return {
      kid,
      createdAt,
      privateKey,
      privateJwk: { ...privateJwk, kid, alg: 'RS256', use: 'sig' },
      // Hanko's JWKS entries: alg, e, kid, kty, n, use.
      publicJwk: { alg: 'RS256', e, kid, kty: 'RSA', n, use: 'sig' },
    }
  }

  private describe(entry: KeyEntry): EmulatorKey {
    return { kid: entry.kid, createdAt: new Date(entry.createdAt), signing: entry === this.entries.at(-1) }
  }
}
