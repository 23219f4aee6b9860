import type { FetchLike, JsonWebKeySet } from '@hanko-session/core'
import { EmulatorError } from '../EmulatorError.js'
import type { EmulatorKey } from '../EmulatorRecords.js'
import type { EmulatorSnapshot } from '../EmulatorSnapshot.js'
import type { HankoEmulator } from '../HankoEmulator.js'
import type { EmulatorClock } from './clock.js'
import type { Directory } from './directory.js'
import { durationMs } from './duration.js'
import type { FaultInjector } from './faults.js'
import type { FlowEngine } from './flow/flowEngine.js'
import type { KeyRing } from './keyRing.js'
import { loginWithPasscode } from './loginWithPasscode.js'
import type { PasscodeDesk } from './passcodes.js'
import type { ResolvedConfig } from './resolveConfig.js'
import type { SessionAuthority } from './sessionAuthority.js'

const EMAIL = /^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/

/** The typed helpers of {@link HankoEmulator}: everything but the HTTP side (`fetch`, `basePath`). */
export type EmulatorControls = Omit<HankoEmulator, 'fetch' | 'basePath'>

/** The emulator's state that the helpers drive; built once by the wiring in `createEmulator.ts`. */
export interface ControlledParts {
  readonly config: ResolvedConfig
  readonly clock: EmulatorClock
  readonly keys: KeyRing
  readonly directory: Directory
  readonly passcodes: PasscodeDesk
  readonly sessions: SessionAuthority
  readonly flows: FlowEngine
  readonly faults: FaultInjector
  /** Settles once the signing key exists (or the snapshot is restored). */
  readonly initialised: Promise<void>
  /** Reports a change that a snapshot holds (for `onChange`). */
  readonly changed: () => void
  /**
   * A fetch onto the emulator's own handler. `loginWithPasscode` goes through it on purpose, as a
   * browser would, so the real Flow API (and any injected fault) is what it exercises.
   */
  readonly fetch: FetchLike
}

/**
 * The public facade's helpers over the emulator's state, with their argument checks. The facade
 * (`createHankoEmulator`) and the `/__emulator` dev routes both drive the emulator through this one
 * object, so a helper and its HTTP route cannot disagree.
 */
export function createEmulatorControls(parts: ControlledParts): EmulatorControls {
  const { config, clock, keys, directory, passcodes, sessions, flows, faults, initialised, changed, fetch } = parts

  async function rotateKeys(retirePrevious: boolean): Promise<EmulatorKey> {
    await initialised
    const key = await keys.rotate()
    if (retirePrevious) keys.retireAllButSigning()
    sessions.keysChanged()
    changed()
    return { ...key, signing: true }
  }

  return {
    ready: () => initialised,
    async jwks(): Promise<JsonWebKeySet> {
      await initialised
      return keys.jwks()
    },
    async mintSessionToken(mint = {}) {
      await initialised
      const email = normaliseEmail(mint.email ?? 'user@example.com')
      const user = directory.userByAddress(email) ?? directory.createUser(email)
      const lifetimeMs = mint.lifetime === undefined ? undefined : durationMs('"lifetime"', mint.lifetime, 'ERR_INVALID_ARGUMENT', true)
      if (lifetimeMs !== undefined && lifetimeMs < 1000) throw new EmulatorError('ERR_INVALID_ARGUMENT', `"lifetime" must be at least 1 second, got ${JSON.stringify(mint.lifetime)}.`)
      if (mint.amr !== undefined && (!Array.isArray(mint.amr) || !mint.amr.every((value) => typeof value === 'string'))) {
        throw new EmulatorError('ERR_INVALID_ARGUMENT', '"amr" must be an array of strings.')
      }
      if (mint.claims !== undefined && (mint.claims === null || typeof mint.claims !== 'object' || Array.isArray(mint.claims))) {
        throw new EmulatorError('ERR_INVALID_ARGUMENT', '"claims" must be an object.')
      }
      const { token, session } = await sessions.issue(user, { claims: mint.claims, lifetimeSeconds: lifetimeMs === undefined ? undefined : lifetimeMs / 1000, amr: mint.amr })
      return { token, sessionId: session.id, userId: user.id, expiresAt: new Date(session.expiresAt) }
    },
    async loginWithPasscode(email, options) {
      await initialised
      return loginWithPasscode(
        {
          fetch,
          lastPasscode: (to) => passcodes.last(to),
          userExists: (to) => directory.userByAddress(to) !== undefined,
          cookieName: config.cookie.name,
          apiUrl: `http://localhost:8000${config.basePath}`,
        },
        normaliseEmail(email),
        options,
      )
    },
    lastPasscode: (email) => passcodes.last(email),
    clock: {
      now: clock.now,
      advance(by) {
        return clock.advance(durationMs('clock.advance(by): "by"', by))
      },
      set(to) {
        const time = to instanceof Date ? to.getTime() : typeof to === 'string' ? Date.parse(to) : to
        if (typeof time !== 'number' || !Number.isFinite(time)) throw new EmulatorError('ERR_INVALID_ARGUMENT', `Cannot set the clock to ${JSON.stringify(to)}.`)
        return clock.set(time)
      },
    },
    faults: {
      inject: (rule) => faults.inject(rule),
      remove: (id) => faults.remove(id),
      clear: () => faults.clear(),
      list: () => faults.list(),
    },
    keys: {
      rotate: (rotation = {}) => rotateKeys(rotation.retirePrevious === true),
      retire(kid) {
        keys.retire(kid)
        sessions.keysChanged()
        changed()
      },
      list: () => keys.list(),
    },
    users: {
      list: () => directory.listUsers().map((user) => directory.userView(user)),
      get(idOrEmail) {
        const user = directory.user(idOrEmail) ?? directory.userByAddress(idOrEmail.trim().toLowerCase())
        return user === undefined ? undefined : directory.userView(user)
      },
      create: (email) => directory.userView(directory.createUser(normaliseEmail(email))),
      delete: (id) => directory.deleteUser(id),
    },
    sessions: {
      list(filter = {}) {
        const rows = filter.userId === undefined ? directory.listSessions() : directory.activeSessions(filter.userId)
        return rows.map((row) => directory.sessionView(row, config.idleTimeoutMs))
      },
      revoke: (id) => directory.deleteSession(id),
      expire(id) {
        const row = directory.session(id)
        if (row === undefined) return false
        directory.expireSession(row)
        return true
      },
    },
    async reset(reset = {}) {
      await initialised
      directory.clear()
      flows.clear()
      passcodes.clear()
      faults.clear()
      clock.reset()
      if (reset.keys === true) await rotateKeys(true)
    },
    async snapshot(): Promise<EmulatorSnapshot> {
      await initialised
      return { version: 1, keys: keys.toSnapshot(), ...directory.toSnapshot() }
    },
  }
}

function normaliseEmail(email: unknown): string {
  const normalised = typeof email === 'string' ? email.trim().toLowerCase() : ''
  if (normalised.length > 120 || !EMAIL.test(normalised)) {
    throw new EmulatorError('ERR_INVALID_ARGUMENT', `${JSON.stringify(String(email).slice(0, 120))} is not an email address Hanko accepts.`)
  }
  return normalised
}
