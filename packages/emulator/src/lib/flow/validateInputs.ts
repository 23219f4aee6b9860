import { type FlowErrorBody, INPUT_ERRORS, type InputSpec } from './flowJson.js'

const EMAIL = /^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/

type ValidationResult =
  | { readonly ok: true; readonly values: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly errors: Readonly<Record<string, FlowErrorBody>> }

/**
 * Validates `input_data` against an action's inputs the way flowpilot does: email inputs are trimmed and
 * lower-cased first; a required value that is absent, empty or not a string is missing; then length,
 * email pattern and allowed values are checked. Every input is checked, and every invalid one is
 * reported by name (flowpilot flags them all). Boolean and JSON inputs are passed through unchecked.
 * Unknown keys are ignored.
 */
export function validateInputs(inputs: readonly InputSpec[], data: Readonly<Record<string, unknown>>): ValidationResult {
  const values: Record<string, unknown> = {}
  const errors: Record<string, FlowErrorBody> = {}
  for (const input of inputs) {
    const raw = Object.hasOwn(data, input.name) ? data[input.name] : undefined
    if (input.type === 'boolean' || input.type === 'json') {
      values[input.name] = raw
      continue
    }
    // flowpilot reads values as strings; a number or object reads as "" there, so it counts as missing.
    let value = typeof raw === 'string' ? raw : ''
    if (input.type === 'email') value = value.trim().toLowerCase()
    const error = checkValue(input, value)
    if (error === undefined) values[input.name] = value
    else errors[input.name] = error
  }
  return Object.keys(errors).length === 0 ? { ok: true, values } : { ok: false, errors }
}

function checkValue(input: InputSpec, value: string): FlowErrorBody | undefined {
  if (value === '') return input.required === true ? INPUT_ERRORS.valueMissing : undefined
  if (input.min_length !== undefined && value.length < input.min_length) return INPUT_ERRORS.valueTooShort
  if (input.max_length !== undefined && value.length > input.max_length) return INPUT_ERRORS.valueTooLong
  if (input.type === 'email' && !EMAIL.test(value)) return INPUT_ERRORS.valueInvalid
  const allowed = input.allowed_values
  if (allowed !== undefined && allowed.length > 0 && !allowed.some((option) => option.value === value)) {
    return { code: INPUT_ERRORS.valueInvalid.code, message: `The value is invalid. Must be one of: ${allowed.map((option) => option.value).join(',')}` }
  }
  return undefined
}
