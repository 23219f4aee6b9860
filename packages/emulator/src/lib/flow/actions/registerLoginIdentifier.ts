import { INPUT_ERRORS } from '../flowJson.js'
import { type FlowAction, inputError } from '../flowAction.js'
import { enterPasscodeConfirmation } from '../passcodeConfirmation.js'

/**
 * `registration_init`: the new account's address. A taken address gets a mail without a code (so it
 * cannot be registered twice), unless account existence hints are on.
 */
export const registerLoginIdentifier: FlowAction = {
  name: 'register_login_identifier',
  description: 'Enter an identifier to register.',
  inputs: [{ name: 'email', type: 'email', max_length: 120, required: true }],
  run(flow, values) {
    const email = values['email'] as string
    const owner = flow.services.directory.userByAddress(email)
    if (owner !== undefined && flow.services.config.accountExistenceHints) return inputError('email', INPUT_ERRORS.emailAlreadyExists)
    const template = owner === undefined ? 'email_verification' : 'email_registration_attempted'
    return enterPasscodeConfirmation(flow, { email, template, userId: undefined })
  },
}
