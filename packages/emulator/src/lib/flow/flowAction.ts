import type { Directory } from '../directory.js'
import type { EmulatorRequest } from '../emulatorRequest.js'
import type { HeaderList } from '../emulatorResponse.js'
import type { PasscodeDesk } from '../passcodes.js'
import type { ResolvedConfig } from '../resolveConfig.js'
import type { Authenticated, SessionAuthority } from '../sessionAuthority.js'
import { FLOW_ERRORS, type FlowErrorBody, type InputSpec } from './flowJson.js'
import type { FlowRecord, StateName } from './flowRecord.js'
import type { FlowDefinition } from './flows.js'

/** The parts of the emulator that actions read and change. */
export interface FlowServices {
  readonly config: ResolvedConfig
  readonly directory: Directory
  readonly passcodes: PasscodeDesk
  readonly sessions: SessionAuthority
}

/** What one request brings to the engine. */
export interface FlowRequest {
  readonly request: EmulatorRequest
  /** Identifies the client for the passcode rate limit (its address, when known). */
  readonly client: string
  /** Profile flows only: the session that authorised this request. */
  readonly auth: Authenticated | undefined
}

/** What an action sees of one request on one flow: the request, the flow's record and table, the services. */
export interface ActiveFlow extends FlowRequest {
  readonly record: FlowRecord
  readonly definition: FlowDefinition
  readonly services: FlowServices
}

/** What an action decided: the next state (default: stay), and an error, status or payload to show. */
export interface Outcome {
  readonly state?: StateName
  readonly status?: number
  readonly error?: FlowErrorBody
  /** Errors shown on the inputs of the action that ran, by input name. */
  readonly inputErrors?: Readonly<Record<string, FlowErrorBody>>
  readonly payload?: Record<string, unknown>
  readonly headers?: HeaderList
}

/**
 * One action of the Flow API, like one flowpilot action file: its name and inputs, when a state offers
 * it, and what it does. The engine has validated `values` against `inputs` before `run` is called.
 *
 * @example
 * ```ts
 * const skip: FlowAction = { name: 'skip', description: 'Skip', inputs: [], run: (flow) => succeed(flow) }
 * ```
 */
export interface FlowAction {
  readonly name: string
  readonly description: string
  /** The inputs, or a function of the flow when they depend on it (e.g. the user's addresses as allowed values). */
  readonly inputs: readonly InputSpec[] | ((flow: ActiveFlow) => readonly InputSpec[])
  /** Whether the state offers the action now (flowpilot's `SuspendAction` when not); always when absent. */
  readonly offered?: (flow: ActiveFlow) => boolean
  readonly run: (flow: ActiveFlow, values: Readonly<Record<string, unknown>>) => Outcome | Promise<Outcome>
}

/** The refusal flowpilot answers when an action cannot go on: 403, and the state stays. */
export const NOT_PERMITTED: Outcome = { status: 403, error: FLOW_ERRORS.operationNotPermitted }

/** A 400 `form_data_invalid_error` with `error` shown on one input of the action that ran. */
export function inputError(input: string, error: FlowErrorBody): Outcome {
  return { status: 400, error: FLOW_ERRORS.formDataInvalid, inputErrors: { [input]: error } }
}

/**
 * The session behind a profile flow. Profile actions are offered only with one (`flow.auth !==
 * undefined`), as Hanko's suspend without a session user; reaching here without one is a bug.
 */
export function sessionOf(flow: ActiveFlow): Authenticated {
  if (flow.auth === undefined) throw new Error(`The ${flow.record.kind} flow has no session.`)
  return flow.auth
}
