import { EmulatorError } from '../../EmulatorError.js'
import { BoundedMap } from '../boundedMap.js'
import type { Directory } from '../directory.js'
import { type EmulatorResponse, json } from '../emulatorResponse.js'
import { constantTimeEqual, csrfToken, uuid } from '../ids.js'
import { FLOW_TTL_MS, LIMITS } from '../limits.js'
import type { PasscodeDesk } from '../passcodes.js'
import type { ResolvedConfig } from '../resolveConfig.js'
import type { SessionAuthority } from '../sessionAuthority.js'
import type { ActiveFlow, FlowAction, FlowRequest, FlowServices, Outcome } from './flowAction.js'
import { FLOW_ERRORS, type InputSpec, flowFrameworkError, stateBody } from './flowJson.js'
import type { FlowKind, FlowRecord } from './flowRecord.js'
import { FLOWS } from './flows.js'
import { validateInputs } from './validateInputs.js'

// The request handler names flows by this type; it lives with the flow record.
export type { FlowKind } from './flowRecord.js'

const ACTION_PARAM = /^([a-z_]{1,64})@([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i

/**
 * Hanko's Flow API over in-memory flow records. The flows themselves are tables of actions
 * (`flows.ts`, `actions/`); the engine does what flowpilot does for every action: flow exists (403),
 * not expired (410), csrf (403), action offered by the current state (403); then it rotates the csrf,
 * validates the inputs (400 with every invalid input flagged), runs the action and answers the full
 * state it leads to. Actions that fail with a 4xx keep the state.
 *
 * @example
 * ```ts
 * const engine = new FlowEngine(config, directory, passcodes, sessions, clock.now)
 * const preflight = engine.start('login', { request, client: '127.0.0.1', auth: undefined })
 * ```
 */
export class FlowEngine {
  private readonly flows = new BoundedMap<string, FlowRecord>(LIMITS.maxFlows)
  private readonly services: FlowServices

  constructor(
    config: ResolvedConfig,
    directory: Directory,
    passcodes: PasscodeDesk,
    sessions: SessionAuthority,
    private readonly now: () => number,
  ) {
    this.services = { config, directory, passcodes, sessions }
  }

  clear(): void {
    this.flows.clear()
  }

  /** `POST /{flow}` without an action: a new flow, answered with `preflight`. */
  start(kind: FlowKind, request: FlowRequest): EmulatorResponse {
    const record: FlowRecord = {
      id: uuid(),
      kind,
      expiresAt: this.now() + FLOW_TTL_MS,
      state: 'preflight',
      csrf: csrfToken(),
      webauthnAvailable: false,
      email: undefined,
      userId: undefined,
      template: undefined,
      passcode: undefined,
      previous: undefined,
    }
    this.flows.set(record.id, record)
    return this.respond(this.activate(record, request), {}, undefined)
  }

  /** `POST /{flow}?action=name@id` with an already parsed body. */
  async act(kind: FlowKind, actionParam: string, input: { data: Record<string, unknown>; csrf: string }, request: FlowRequest): Promise<EmulatorResponse> {
    const match = ACTION_PARAM.exec(actionParam)
    if (match === null) return flowFrameworkError(500, FLOW_ERRORS.technical)
    const [, actionName, flowId] = match as unknown as [string, string, string]
    const record = this.flows.get(flowId.toLowerCase())
    if (record === undefined || record.kind !== kind) return flowFrameworkError(403, FLOW_ERRORS.operationNotPermitted)
    if (this.now() > record.expiresAt) {
      this.flows.delete(record.id)
      return flowFrameworkError(410, FLOW_ERRORS.flowExpired)
    }
    if (!constantTimeEqual(record.csrf, input.csrf)) return flowFrameworkError(403, FLOW_ERRORS.operationNotPermitted)
    const flow = this.activate(record, request)
    const action = offeredActions(flow).find((candidate) => candidate.name === actionName)
    if (action === undefined) return flowFrameworkError(403, FLOW_ERRORS.operationNotPermitted)

    // Rotated before anything async runs: a concurrent request with the same token now fails the csrf
    // check, which serialises a flow the way Hanko's per-flow lock does.
    record.csrf = csrfToken()
    const validation = validateInputs(inputsOf(action, flow), input.data)
    if (!validation.ok) {
      return this.respond(flow, { status: 400, error: FLOW_ERRORS.formDataInvalid, inputErrors: validation.errors }, action)
    }
    let outcome: Outcome
    try {
      outcome = await action.run(flow, validation.values)
    } catch (error) {
      if (!(error instanceof EmulatorError)) throw error
      // A race (the address was taken meanwhile) refuses the step; a full emulator ends the flow.
      outcome =
        error.code === 'ERR_EMAIL_TAKEN'
          ? { status: 403, error: FLOW_ERRORS.operationNotPermitted }
          : { state: 'error', status: 500, error: FLOW_ERRORS.technical }
    }
    if (outcome.state !== undefined) record.state = outcome.state
    // A state that offers nothing ends the flow; forget it so it does not hold a slot.
    if (flow.definition.states[record.state] === undefined) this.flows.delete(record.id)
    return this.respond(flow, outcome, action)
  }

  private activate(record: FlowRecord, { request, client, auth }: FlowRequest): ActiveFlow {
    return { record, definition: FLOWS[record.kind], services: this.services, request, client, auth }
  }

  /** The state object the flow is in now; `outcome.inputErrors` are shown on the inputs of the action that ran. */
  private respond(flow: ActiveFlow, outcome: Outcome, ran: FlowAction | undefined): EmulatorResponse {
    const { record, definition } = flow
    const status = outcome.status ?? 200
    const actions = offeredActions(flow).map((action) => {
      const inputs = inputsOf(action, flow)
      const errors = action === ran ? outcome.inputErrors : undefined
      if (errors === undefined) return { name: action.name, description: action.description, inputs }
      return { name: action.name, description: action.description, inputs: inputs.map((input) => withError(input, errors[input.name])) }
    })
    const body = stateBody({
      name: record.state,
      status,
      payload: outcome.payload ?? definition.payloads?.[record.state]?.(flow) ?? {},
      csrf: record.state === 'error' ? '' : record.csrf,
      flowPath: record.kind,
      flowId: record.id,
      actions,
      error: outcome.error,
    })
    return json(status, body, outcome.headers)
  }
}

/** The actions the flow's current state offers now, in the table's order. */
function offeredActions(flow: ActiveFlow): FlowAction[] {
  const listed = flow.definition.states[flow.record.state] ?? []
  return listed.filter((action) => action.offered === undefined || action.offered(flow))
}

function inputsOf(action: FlowAction, flow: ActiveFlow): readonly InputSpec[] {
  return typeof action.inputs === 'function' ? action.inputs(flow) : action.inputs
}

function withError(input: InputSpec, error: InputSpec['error']): InputSpec {
  return error === undefined ? input : { ...input, error }
}
