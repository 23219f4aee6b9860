import { BoundedMap } from './boundedMap.js'

/** How many more token fingerprints than cached tokens the doorkeeper remembers (they are small numbers). */
const FINGERPRINTS_PER_ENTRY = 4
/** Characters of the token that make its fingerprint: the end of the signature, uniformly random. */
const FINGERPRINT_CHARACTERS = 24

/**
 * The verified-token cache: tokens whose signature and claims passed, by their exact string. A token is
 * admitted on its second verification, not its first. Traffic of distinct tokens (a token seen once)
 * then costs a number in a set instead of a cached entry that the garbage collector must carry and later
 * evict; a live session's tokens are cached from their second request on.
 */
export class VerifiedTokenCache<V> {
  private readonly entries: BoundedMap<string, V>
  private readonly seen: BoundedMap<number, true>

  constructor(maxEntries: number) {
    this.entries = new BoundedMap(maxEntries)
    this.seen = new BoundedMap(maxEntries * FINGERPRINTS_PER_ENTRY)
  }

  get(token: string): V | undefined {
    // A token never verified before cannot be cached: skip hashing its whole string for the Map lookup.
    return this.seen.get(fingerprintOf(token)) === true ? this.entries.get(token) : undefined
  }

  /** Caches `value` for `token` if the token was verified before. */
  offer(token: string, value: V): void {
    const fingerprint = fingerprintOf(token)
    if (this.seen.get(fingerprint) === true) this.entries.set(token, value)
    else this.seen.set(fingerprint, true)
  }

  delete(token: string): void {
    this.entries.delete(token)
  }
}

/** FNV-1a over the token's last characters. A collision only admits a (verified) token one use early. */
function fingerprintOf(token: string): number {
  let hash = 0x811c9dc5
  for (let index = Math.max(0, token.length - FINGERPRINT_CHARACTERS); index < token.length; index++) {
    hash = Math.imul(hash ^ token.charCodeAt(index), 0x01000193)
  }
  return hash >>> 0
}
