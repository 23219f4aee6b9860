import type { FetchLike } from '@hanko-session/core'
import type { HankoEmulator } from '../HankoEmulator.js'
import type { HankoEmulatorOptions } from '../HankoEmulatorOptions.js'
import { EmulatorClock } from './clock.js'
import { Cors } from './cors.js'
import { createDevRoutes } from './devRoutes.js'
import { Directory } from './directory.js'
import type { EmulatorRequest } from './emulatorRequest.js'
import type { EmulatorResponse } from './emulatorResponse.js'
import { createEmulatorControls } from './emulatorControls.js'
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

/** An emulator and the one request handler behind `emulator.fetch`, which the CLI serves without `Request`/`Response`. */
export interface EmulatorParts {
  readonly emulator: HankoEmulator
  readonly handle: (request: EmulatorRequest) => Promise<EmulatorResponse>
}

/**
 * Wires everything {@link createHankoEmulator} promises, bottom up: state, the typed helpers over it,
 * the request handler (whose dev routes drive the same helpers), and the public facade on top.
 * Options are checked here.
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
  const emulator: HankoEmulator = {
    ...controls,
    basePath: config.basePath,
    fetch: (request, context = {}) => serveFetch(handle, request, context),
  }
  return { emulator, handle }
}
