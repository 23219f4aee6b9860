import type { JsonWebKeySet } from '@hanko-session/core'
import { EmulatorError } from '../EmulatorError.js'
import type { EmulatorSnapshot } from '../EmulatorSnapshot.js'
import type { HankoEmulator } from '../HankoEmulator.js'
import type { HankoEmulatorOptions } from '../HankoEmulatorOptions.js'
import { EmulatorClock } from './clock.js'
import { Cors } from './cors.js'
import { Directory } from './directory.js'
import { durationMs } from './duration.js'
import type { EmulatorRequest } from './emulatorRequest.js'
import type { EmulatorResponse } from './emulatorResponse.js'
import { FaultInjector } from './faults.js'
import { serveFetch } from './fetchAdapter.js'
import { FlowEngine } from './flow/flowEngine.js'
import { KeyRing } from './keyRing.js'
import { loginWithPasscode } from './loginWithPasscode.js'
import { PasscodeDesk } from './passcodes.js'
import { RequestHandler } from './requestHandler.js'
import { resolveConfig } from './resolveConfig.js'
import { RestRoutes } from './restRoutes.js'
import { SessionAuthority } from './sessionAuthority.js'
import { checkSnapshot } from './snapshot.js'

const EMAIL = /^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/

/** An emulator and the one request handler behind `emulator.fetch`, which the CLI serves without `Request`/`Response`. */
export interface EmulatorParts {
  readonly emulator: HankoEmulator
  readonly handle: (request: EmulatorRequest) => Promise<EmulatorResponse>
}

/** Builds everything {@link createHankoEmulator} promises; options are checked here. */
export function createEmulator(options: HankoEmulatorOptions = {}): EmulatorParts {
  const config = resolveConfig(options)
  const snapshot = options.snapshot === undefined ? undefined : checkSnapshot(options.snapshot)
  const clock = new EmulatorClock(config.now)
  const changed = (): void => {
    try {
      config.onChange()
    } catch {
      // A failing persistence hook must not fail the request that changed state.
    }
  }
  const keys = new KeyRing(config.modulusLength, clock.now)
  const directory = new Directory(clock.now, changed)
  const passcodes = new PasscodeDesk(config.passcodeTtlMs, config.passcodeRateLimit, clock.now, config.onPasscode)
  const sessions = new SessionAuthority(config, keys, directory, clock)
  const flows = new FlowEngine(config, directory, passcodes, sessions, clock.now)
  const faults = new FaultInjector()

  async function initialise(): Promise<void> {
    if (snapshot !== undefined && snapshot.keys.length > 0) await keys.restore(snapshot.keys)
    else await keys.rotate()
    if (snapshot !== undefined) directory.restore(snapshot.users, snapshot.sessions)
  }
  const initialised = initialise()
  // Reported through ready() and every request; never an unhandled rejection.
  initialised.catch(() => {})
  const ready = (): Promise<void> => initialised

  async function rotateKeys(retirePrevious: boolean): Promise<ReturnType<KeyRing['list']>[number]> {
    await initialised
    const key = await keys.rotate()
    if (retirePrevious) keys.retireAllButSigning()
    sessions.keysChanged()
    changed()
    return { ...key, signing: true }
  }

  const emulator: HankoEmulator = {
    fetch: (request, context = {}) => serveFetch(handle, request, context),
    ready,
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
      const address = normaliseEmail(email)
      return loginWithPasscode(
        {
          fetch: (request) => emulator.fetch(request),
          lastPasscode: (to) => passcodes.last(to),
          userExists: (to) => directory.userByAddress(to) !== undefined,
          cookieName: config.cookie.name,
          apiUrl: 'http://localhost:8000',
        },
        address,
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

  const cors = new Cors(config.allowedOrigins, config.tokenDelivery === 'header')
  const rest = new RestRoutes({ config, sessions, directory, keys })
  const handler = new RequestHandler({ config, cors, faults, flows, rest, sessions, ready, emulator: () => emulator })
  const handle = (request: EmulatorRequest): Promise<EmulatorResponse> => handler.handle(request)
  return { emulator, handle }
}

function normaliseEmail(email: unknown): string {
  const normalised = typeof email === 'string' ? email.trim().toLowerCase() : ''
  if (normalised.length > 120 || !EMAIL.test(normalised)) {
    throw new EmulatorError('ERR_INVALID_ARGUMENT', `${JSON.stringify(String(email).slice(0, 120))} is not an email address Hanko accepts.`)
  }
  return normalised
}
