import { EmulatorError } from '../EmulatorError.js'
import type { EmulatorSession, EmulatorUser } from '../EmulatorRecords.js'
import type { SnapshotSession, SnapshotUser } from '../EmulatorSnapshot.js'
import { uuid } from './ids.js'
import { LIMITS } from './limits.js'

export interface EmailRow {
  readonly id: string
  readonly address: string
  isPrimary: boolean
  readonly createdAt: number
}

export interface UserRow {
  readonly id: string
  readonly createdAt: number
  updatedAt: number
  emails: EmailRow[]
  unsafeMetadata: Record<string, unknown> | undefined
}

export interface SessionRow {
  readonly id: string
  readonly userId: string
  readonly createdAt: number
  expiresAt: number
  lastUsed: number
  readonly userAgent: string | undefined
  readonly ipAddress: string | undefined
}

/**
 * Users, their email addresses and their server-side sessions: the emulator's "database". Rows are
 * internal and mutable; everything handed out is a copy ({@link EmulatorUser}, {@link EmulatorSession}).
 * Deleting a user deletes its emails and sessions, as Hanko's foreign keys do.
 */
export class Directory {
  private readonly users = new Map<string, UserRow>()
  private readonly userIdByAddress = new Map<string, string>()
  private readonly sessions = new Map<string, SessionRow>()

  constructor(
    private readonly now: () => number,
    private readonly changed: () => void,
  ) {}

  user(id: string): UserRow | undefined {
    return this.users.get(id)
  }

  userByAddress(address: string): UserRow | undefined {
    const id = this.userIdByAddress.get(address)
    return id === undefined ? undefined : this.users.get(id)
  }

  listUsers(): UserRow[] {
    return [...this.users.values()]
  }

  /** Creates a user whose only, primary, verified address is `address` (already normalised). */
  createUser(address: string): UserRow {
    if (this.userIdByAddress.has(address)) throw new EmulatorError('ERR_EMAIL_TAKEN', `The address ${address} already belongs to a user.`)
    if (this.users.size >= LIMITS.maxUsers) {
      throw new EmulatorError('ERR_LIMIT_REACHED', `The emulator holds at most ${LIMITS.maxUsers} users; reset it or delete some.`)
    }
    const now = this.now()
    const user: UserRow = { id: uuid(), createdAt: now, updatedAt: now, emails: [], unsafeMetadata: undefined }
    user.emails.push({ id: uuid(), address, isPrimary: true, createdAt: now })
    this.users.set(user.id, user)
    this.userIdByAddress.set(address, user.id)
    this.changed()
    return user
  }

  deleteUser(id: string): boolean {
    const user = this.users.get(id)
    if (user === undefined) return false
    for (const email of user.emails) this.userIdByAddress.delete(email.address)
    for (const session of this.sessionsOf(id)) this.sessions.delete(session.id)
    this.users.delete(id)
    this.changed()
    return true
  }

  /** Adds a verified, non-primary address (primary when it is the user's first). */
  addEmail(user: UserRow, address: string): EmailRow {
    if (this.userIdByAddress.has(address)) throw new EmulatorError('ERR_EMAIL_TAKEN', `The address ${address} already belongs to a user.`)
    if (user.emails.length >= LIMITS.maxEmailsPerUser) {
      throw new EmulatorError('ERR_LIMIT_REACHED', `A user has at most ${LIMITS.maxEmailsPerUser} email addresses.`)
    }
    const email: EmailRow = { id: uuid(), address, isPrimary: user.emails.length === 0, createdAt: this.now() }
    user.emails.push(email)
    this.userIdByAddress.set(address, user.id)
    this.touchUser(user)
    return email
  }

  deleteEmail(user: UserRow, emailId: string): void {
    const email = user.emails.find((candidate) => candidate.id === emailId)
    if (email === undefined) return
    user.emails = user.emails.filter((candidate) => candidate !== email)
    this.userIdByAddress.delete(email.address)
    this.touchUser(user)
  }

  setPrimaryEmail(user: UserRow, emailId: string): void {
    for (const email of user.emails) email.isPrimary = email.id === emailId
    this.touchUser(user)
  }

  setUnsafeMetadata(user: UserRow, metadata: Record<string, unknown> | undefined): void {
    user.unsafeMetadata = metadata
    this.touchUser(user)
  }

  /**
   * Stores a new session for `userId`. Like Hanko, the oldest active sessions beyond `limit - 1` are
   * deleted first, so the user has at most `limit` afterwards.
   */
  createSession(userId: string, init: { id: string; createdAt: number; expiresAt: number; userAgent?: string | undefined; ipAddress?: string | undefined }, limit: number): SessionRow {
    // Expired rows of this user go too, so no user ever holds more than `limit` rows.
    const now = this.now()
    for (const row of this.sessionsOf(userId)) if (row.expiresAt <= now) this.sessions.delete(row.id)
    for (const stale of this.activeSessions(userId).slice(limit - 1)) this.sessions.delete(stale.id)
    const row: SessionRow = {
      id: init.id,
      userId,
      createdAt: init.createdAt,
      expiresAt: init.expiresAt,
      lastUsed: init.createdAt,
      userAgent: init.userAgent,
      ipAddress: init.ipAddress,
    }
    this.sessions.set(row.id, row)
    this.changed()
    return row
  }

  /** The session row, if it exists and has not expired (an expired row is deleted on sight). */
  session(id: string): SessionRow | undefined {
    const row = this.sessions.get(id)
    if (row === undefined) return undefined
    if (row.expiresAt <= this.now()) {
      this.deleteSession(id)
      return undefined
    }
    return row
  }

  /** The user's unexpired sessions, newest first. */
  activeSessions(userId: string): SessionRow[] {
    const now = this.now()
    return newestFirst(this.sessionsOf(userId).filter((row) => row.expiresAt > now))
  }

  listSessions(): SessionRow[] {
    const now = this.now()
    return newestFirst([...this.sessions.values()].filter((row) => row.expiresAt > now))
  }

  deleteSession(id: string): boolean {
    const deleted = this.sessions.delete(id)
    if (deleted) this.changed()
    return deleted
  }

  /** Marks a session as used now (what slides the idle timeout). */
  touchSession(row: SessionRow): void {
    row.lastUsed = this.now()
    this.changed()
  }

  /** Ends a session now, as if its lifetime had run out. */
  expireSession(row: SessionRow): void {
    row.expiresAt = this.now()
    this.deleteSession(row.id)
  }

  clear(): void {
    this.users.clear()
    this.userIdByAddress.clear()
    this.sessions.clear()
    this.changed()
  }

  userView(user: UserRow): EmulatorUser {
    return {
      id: user.id,
      email: user.emails.find((email) => email.isPrimary)?.address,
      emails: user.emails.map((email) => ({ id: email.id, address: email.address, isPrimary: email.isPrimary, isVerified: true })),
      createdAt: new Date(user.createdAt),
      updatedAt: new Date(user.updatedAt),
      unsafeMetadata: user.unsafeMetadata === undefined ? undefined : structuredClone(user.unsafeMetadata),
    }
  }

  sessionView(row: SessionRow, idleTimeoutMs: number): EmulatorSession {
    return {
      id: row.id,
      userId: row.userId,
      createdAt: new Date(row.createdAt),
      expiresAt: new Date(row.expiresAt),
      lastUsed: new Date(row.lastUsed),
      idleExpiresAt: dateOrUndefined(idleExpiresAt(row, idleTimeoutMs)),
      userAgent: row.userAgent,
      ipAddress: row.ipAddress,
    }
  }

  toSnapshot(): { users: SnapshotUser[]; sessions: SnapshotSession[] } {
    return {
      users: [...this.users.values()].map((user) => ({
        id: user.id,
        createdAt: user.createdAt,
        updatedAt: user.updatedAt,
        emails: user.emails.map((email) => ({ ...email })),
        ...(user.unsafeMetadata === undefined ? {} : { unsafeMetadata: structuredClone(user.unsafeMetadata) }),
      })),
      sessions: [...this.sessions.values()].map((row) => ({
        id: row.id,
        userId: row.userId,
        createdAt: row.createdAt,
        expiresAt: row.expiresAt,
        lastUsed: row.lastUsed,
        ...(row.userAgent === undefined ? {} : { userAgent: row.userAgent }),
        ...(row.ipAddress === undefined ? {} : { ipAddress: row.ipAddress }),
      })),
    }
  }

  restore(users: readonly SnapshotUser[], sessions: readonly SnapshotSession[]): void {
    this.users.clear()
    this.userIdByAddress.clear()
    this.sessions.clear()
    for (const user of users.slice(0, LIMITS.maxUsers)) {
      const emails = user.emails.slice(0, LIMITS.maxEmailsPerUser).filter((email) => !this.userIdByAddress.has(email.address))
      this.users.set(user.id, {
        id: user.id,
        createdAt: user.createdAt,
        updatedAt: user.updatedAt,
        emails: emails.map((email) => ({ ...email })),
        unsafeMetadata: user.unsafeMetadata === undefined ? undefined : structuredClone(user.unsafeMetadata),
      })
      for (const email of emails) this.userIdByAddress.set(email.address, user.id)
    }
    for (const session of sessions.slice(0, LIMITS.maxUsers * LIMITS.maxSessionsPerUser)) {
      if (!this.users.has(session.userId)) continue
      this.sessions.set(session.id, { userAgent: undefined, ipAddress: undefined, ...session })
    }
  }

  private sessionsOf(userId: string): SessionRow[] {
    return [...this.sessions.values()].filter((row) => row.userId === userId)
  }

  private touchUser(user: UserRow): void {
    user.updatedAt = this.now()
    this.changed()
  }
}

/**
 * When an idle timeout applies (`idleTimeoutMs > 0`): the instant the session ends unless it is used
 * before, in milliseconds since the epoch, never after the session itself expires.
 */
export function idleExpiresAt(row: SessionRow, idleTimeoutMs: number): number | undefined {
  return idleTimeoutMs > 0 ? Math.min(row.lastUsed + idleTimeoutMs, row.expiresAt) : undefined
}

function dateOrUndefined(instant: number | undefined): Date | undefined {
  return instant === undefined ? undefined : new Date(instant)
}

/** Sessions by creation time, newest first; among equal times the later-created row (later in the map) first. */
function newestFirst(rows: SessionRow[]): SessionRow[] {
  return rows.reverse().sort((a, b) => b.createdAt - a.createdAt)
}
