import { LIMITS } from '../../limits.js'
import { INPUT_ERRORS } from '../flowJson.js'
import { type ActiveFlow, type FlowAction, type Outcome, inputError, sessionOf } from '../flowAction.js'
import { enterPasscodeConfirmation } from '../passcodeConfirmation.js'

/**
 * `profile_init`: a further address for the session's user, added once its passcode is verified (see
 * {@link addCreatedEmail}). An address of another user gets a mail without a code, unless account
 * existence hints are on; offered while the user has fewer than Hanko's 5 addresses.
 */
export const emailCreate: FlowAction = {
  name: 'email_create',
  description: 'Create an email address for the current session user.',
  inputs: [{ name: 'email', type: 'email', max_length: 120, required: true }],
  offered: (flow) => flow.auth !== undefined && flow.auth.user.emails.length < LIMITS.maxEmailsPerUser,
  run(flow, values) {
    const email = values['email'] as string
    const { user } = sessionOf(flow)
    const owner = flow.services.directory.userByAddress(email)
    if (owner !== undefined && (owner.id === user.id || flow.services.config.accountExistenceHints)) {
      return inputError('email', INPUT_ERRORS.emailAlreadyExists)
    }
    const template = owner === undefined ? 'email_verification' : 'email_registration_attempted'
    return enterPasscodeConfirmation(flow, { email, template, userId: user.id })
  },
}

/** The profile flow after a verified passcode: the new address joins the user, verified. */
export function addCreatedEmail(flow: ActiveFlow): Outcome {
  flow.services.directory.addEmail(sessionOf(flow).user, flow.record.email!)
  return { state: 'profile_init' }
}
