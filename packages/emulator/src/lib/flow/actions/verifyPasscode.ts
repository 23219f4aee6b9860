import { FLOW_ERRORS, INPUT_ERRORS } from '../flowJson.js'
import { type FlowAction, NOT_PERMITTED, inputError } from '../flowAction.js'

/**
 * `passcode_confirmation`: the emailed code. Three wrong codes use the passcode up; a right one leads
 * where the flow's table says (`passcodeVerified`) and ends the way back.
 */
export const verifyPasscode: FlowAction = {
  name: 'verify_passcode',
  description: 'Enter a passcode.',
  inputs: [{ name: 'code', type: 'string', required: true }],
  run(flow, values) {
    const { record } = flow
    const result = flow.services.passcodes.check(record.passcode, values['code'] as string)
    if (result === 'invalid') return inputError('code', INPUT_ERRORS.passcodeInvalid)
    if (result === 'max_attempts') return { status: 401, error: FLOW_ERRORS.passcodeMaxAttempts }
    record.passcode = undefined
    record.previous = undefined
    // A correct code for a mail that carried none cannot happen, but it must never open an account.
    if (record.template === 'email_login_attempted' || record.template === 'email_registration_attempted') return NOT_PERMITTED
    return flow.definition.passcodeVerified(flow)
  },
}
