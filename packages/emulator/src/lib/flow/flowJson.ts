import { type EmulatorResponse, type HeaderList, json } from '../emulatorResponse.js'

/** A flow or input error as Hanko's flowpilot writes it. */
export interface FlowErrorBody {
  readonly code: string
  readonly message: string
}

type InputType = 'string' | 'email' | 'boolean' | 'number' | 'password' | 'json'

/** One input of an action, in flowpilot's field order. */
export interface InputSpec {
  readonly name: string
  readonly type: InputType
  readonly min_length?: number
  readonly max_length?: number
  readonly required?: boolean
  readonly hidden?: boolean
  readonly error?: FlowErrorBody
  readonly allowed_values?: readonly { readonly value: string; readonly name: string }[]
}

interface ActionSpec {
  readonly name: string
  readonly description: string
  readonly inputs: readonly InputSpec[]
}

/**
 * A hidden, required string input that names a record by id, with the ids it accepts as allowed values
 * (`[value, name]` pairs); without any, `allowed_values` is omitted and every value passes validation.
 */
export function idInput(name: string, allowed: readonly (readonly [value: string, name: string])[]): InputSpec {
  const input: InputSpec = { name, type: 'string', required: true, hidden: true }
  return allowed.length === 0 ? input : { ...input, allowed_values: allowed.map(([value, label]) => ({ value, name: label })) }
}

export const FLOW_ERRORS = {
  technical: { code: 'technical_error', message: 'Something went wrong.' },
  flowExpired: { code: 'flow_expired_error', message: 'The flow has expired.' },
  operationNotPermitted: { code: 'operation_not_permitted_error', message: 'The operation is not permitted.' },
  formDataInvalid: { code: 'form_data_invalid_error', message: 'Form data invalid.' },
  notFound: { code: 'not_found', message: 'The requested resource was not found.' },
  passcodeMaxAttempts: { code: 'passcode_max_attempts_reached', message: 'The passcode was entered wrong too many times.' },
  rateLimitExceeded: { code: 'rate_limit_exceeded', message: 'The rate limit has been exceeded.' },
  unauthorized: { code: 'unauthorized', message: 'The session is invalid.' },
} as const satisfies Record<string, FlowErrorBody>

export const INPUT_ERRORS = {
  valueMissing: { code: 'value_missing_error', message: 'The value is missing.' },
  valueInvalid: { code: 'value_invalid_error', message: 'The value is invalid.' },
  valueTooLong: { code: 'value_too_long_error', message: 'The value is too long.' },
  valueTooShort: { code: 'value_too_short_error', message: 'The value is too short.' },
  emailAlreadyExists: { code: 'email_already_exists', message: 'The email address already exists.' },
  unknownEmail: { code: 'unknown_email_error', message: 'The email address is unknown.' },
  passcodeInvalid: { code: 'passcode_invalid', message: 'The passcode is invalid.' },
  invalidMetadata: { code: 'invalid_metadata_error', message: 'The metadata is invalid.' },
} as const satisfies Record<string, FlowErrorBody>

/**
 * The envelope flowpilot answers with when it cannot even look at the flow's state (unknown flow, bad
 * csrf, unavailable action, expired flow, no session, unreadable request): state `error`, no payload,
 * an empty csrf token and no actions.
 */
export function flowFrameworkError(status: number, error: FlowErrorBody, headers?: HeaderList): EmulatorResponse {
  return json(status, { name: 'error', status, csrf_token: '', actions: {}, error, links: null }, headers)
}

/** A full state object. `actions` is always an object and `payload` at least `{}`: the SDK and elements crash otherwise. */
export function stateBody(state: {
  name: string
  status: number
  payload: Record<string, unknown>
  csrf: string
  flowPath: string
  flowId: string
  actions: readonly ActionSpec[]
  error: FlowErrorBody | undefined
}): Record<string, unknown> {
  const actions: Record<string, unknown> = {}
  for (const action of state.actions) {
    const inputs: Record<string, unknown> = {}
    for (const input of action.inputs) inputs[input.name] = input
    actions[action.name] = {
      href: `/${state.flowPath}?action=${encodeURIComponent(`${action.name}@${state.flowId}`)}`,
      inputs,
      action: action.name,
      description: action.description,
    }
  }
  const body: Record<string, unknown> = {
    name: state.name,
    status: state.status,
    payload: state.payload,
    csrf_token: state.csrf,
    actions,
  }
  if (state.error !== undefined) body['error'] = state.error
  body['links'] = null
  return body
}
