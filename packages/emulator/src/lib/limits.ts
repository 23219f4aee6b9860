/**
 * Ceilings for everything a client can make the emulator grow or read. The emulator is a development
 * tool, but it listens on a port: a script in any local page can reach it, so no map is unbounded.
 */
export const LIMITS = {
  /** Largest request body read, in bytes. Hanko's browser packages send well under 1 KiB. */
  maxBodyBytes: 64 * 1024,
  maxUsers: 10_000,
  /**
   * Open flows, in a `BoundedMap`: beyond it the least recently used are forgotten first (their next
   * action gets 403, as an unknown flow). The same holds for the mailbox and rate-limit keys below.
   */
  maxFlows: 10_000,
  /** Addresses whose last passcode is remembered for `lastPasscode()`. */
  maxPasscodeMailbox: 10_000,
  /** (client, address) pairs tracked by the passcode rate limit. */
  maxRateLimitKeys: 10_000,
  maxFaults: 100,
  /** Signing keys kept in the JWKS; the oldest is retired beyond this (core accepts at most 32). */
  maxKeys: 16,
  /** Highest `sessionLimit` accepted. */
  maxSessionsPerUser: 100,
  /** Emails per user, Hanko's `email.limit` default. */
  maxEmailsPerUser: 5,
  /** Hanko's metadata limit, in characters of JSON. */
  maxMetadataChars: 3000,
  /** Tokens whose `/sessions/validate` answer is kept serialised. */
  maxAnsweredTokens: 1000,
  /** Longest token looked at, in characters (core refuses longer ones anyway). */
  maxTokenChars: 8192,
} as const

/** Hanko's flow lifetime (login, registration and profile flows live 24 hours). */
export const FLOW_TTL_MS = 24 * 60 * 60 * 1000
