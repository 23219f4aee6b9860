import type { FetchLike } from '@hanko-session/core'
import type { HankoEmulatorOptions } from '../HankoEmulatorOptions.js'
import { EmulatorClock } from './clock.js'
import { Cors } from './cors.js'
import { createDevRoutes } from './devRoutes.js'
import { Directory } from './directory.js'
import type { EmulatorRequest } from './emulatorRequest.js'
import type { EmulatorResponse } from './emulatorResponse.js'
import { type EmulatorControls, createEmulatorControls } from './emulatorControls.js'
import { FaultInjector } from './faults.js'
import { serveFetch } from './fetchAdapter.js'
import { FlowEngine } from './flow/flowEngine.js'
import { KeyRing } from './keyRing.js'
import { PasscodeDesk } from './passcodes.js'
import { RequestHandler } from './requestHandler.js'
import { resolveConfig } from './resolveConfig.js'
import { RestRoutes } from './restRoutes.js'
import { SessionAuthority } from './sessionAuthority.js'
import { checkSnapshot } from './snapshot.js'

/**
 * The emulator's typed helpers and the one request handler behind them, which the CLI serves without
 * `Request`/`Response` and `createHankoEmulator` puts behind `fetch`.
 */
export interface EmulatorParts {
  readonly controls: EmulatorControls
  readonly handle: (request: EmulatorRequest) => Promise<EmulatorResponse>
  /** The resolved `basePath` option (`''` at the root). */
  readonly basePath: string
}

/**
 * Wires the emulator bottom up: state, the typed helpers over it, and the request handler (whose dev
 * routes drive the same helpers). Options are checked here. The public object is built on top, in
 * `createHankoEmulator.ts`.
 */
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

  const fetchOwnApi: FetchLike = (input, init) => serveFetch(handle, input instanceof Request && init === undefined ? input : new Request(input, init), {})
  const controls = createEmulatorControls({ config, clock, keys, directory, passcodes, sessions, flows, faults, initialised, changed, fetch: fetchOwnApi })
  const handler = new RequestHandler({
    config,
    cors: new Cors(config.allowedOrigins, config.tokenDelivery === 'header'),
    faults,
    flows,
    rest: new RestRoutes({ config, sessions, directory, keys }),
    sessions,
    ready: controls.ready,
    devRoutes: config.devRoutes ? createDevRoutes(controls, config.basePath) : undefined,
  })
  const handle = (request: EmulatorRequest): Promise<EmulatorResponse> => handler.handle(request)
  return { controls, handle, basePath: config.basePath }
}
