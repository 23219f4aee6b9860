import { INPUT_ERRORS } from '../flowJson.js'
import { type FlowAction, inputError } from '../flowAction.js'
import { enterPasscodeConfirmation } from '../passcodeConfirmation.js'

/**
 * `login_init`: the address to log in with. An unknown address still gets a mail (without a code),
 * unless account existence hints are on.
 */
export const continueWithLoginIdentifier: FlowAction = {
  name: 'continue_with_login_identifier',
  description: 'Enter an identifier to login.',
  inputs: [{ name: 'email', type: 'email', min_length: 3, max_length: 120, required: true }],
  run(flow, values) {
    const email = values['email'] as string
    const owner = flow.services.directory.userByAddress(email)
    if (owner === undefined && flow.services.config.accountExistenceHints) return inputError('email', INPUT_ERRORS.unknownEmail)
    return enterPasscodeConfirmation(flow, { email, template: owner === undefined ? 'email_login_attempted' : 'login', userId: owner?.id })
  },
}
