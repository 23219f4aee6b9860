import { BoundedMap } from './boundedMap.js'

/** Doorkeeper slots per cached entry: sized so a live session's next request usually finds its mark. */
const SLOTS_PER_ENTRY = 4
const MAX_SLOTS = 1 << 20
/** Characters of the token that make its fingerprint: the end of the signature, uniformly random. */
const FINGERPRINT_CHARACTERS = 24

/**
 * The verified-token cache: tokens whose signature and claims passed, by their exact string. A token is
 * admitted on its second verification, not its first. Traffic of distinct tokens (each seen once) then
 * costs one slot write in a fixed table of fingerprints instead of a cached entry that the garbage
 * collector must carry and later evict; a live session's tokens are cached from their second request on.
 */
export class VerifiedTokenCache<V> {
  private readonly entries: BoundedMap<string, V>
  /** The doorkeeper: a fingerprint per slot, overwritten freely. A lost mark only delays admission. */
  private readonly seen: Int32Array
  private readonly mask: number

  constructor(maxEntries: number) {
    this.entries = new BoundedMap(maxEntries)
    let slots = 16
    while (slots < maxEntries * SLOTS_PER_ENTRY && slots < MAX_SLOTS) slots *= 2
    this.seen = new Int32Array(slots)
    this.mask = slots - 1
  }

  get(token: string): V | undefined {
    const fingerprint = fingerprintOf(token)
    // A token never verified before cannot be cached: skip hashing its whole string for the Map lookup.
    return this.seen[fingerprint & this.mask] === fingerprint ? this.entries.get(token) : undefined
  }

  /** Caches `value` for `token` if the token was verified before; otherwise marks it as seen. */
  offer(token: string, value: V): void {
    const fingerprint = fingerprintOf(token)
    const slot = fingerprint & this.mask
    if (this.seen[slot] === fingerprint) this.entries.set(token, value)
    else this.seen[slot] = fingerprint
  }

  delete(token: string): void {
    this.entries.delete(token)
  }
}

/** FNV-1a over the token's last characters, as an int32. A collision only admits a verified token early. */
function fingerprintOf(token: string): number {
  let hash = 0x811c9dc5 | 0
  for (let index = Math.max(0, token.length - FINGERPRINT_CHARACTERS); index < token.length; index++) {
    hash = Math.imul(hash ^ token.charCodeAt(index), 0x01000193)
  }
  return hash
}
