import { FLOW_ERRORS, idInput } from '../flowJson.js'
import { type FlowAction, NOT_PERMITTED, sessionOf } from '../flowAction.js'

/**
 * `profile_init`: deletes one of the user's addresses; the primary one cannot go. The allowed values
 * are the deletable addresses (value: the id, name: the address, as Hanko lists them). Always offered,
 * even with nothing to delete: `<hanko-profile>` crashes without it.
 */
export const emailDelete: FlowAction = {
  name: 'email_delete',
  description: 'Delete an email address.',
  inputs: (flow) => [idInput('email_id', sessionOf(flow).user.emails.filter((email) => !email.isPrimary).map((email) => [email.id, email.address]))],
  offered: (flow) => flow.auth !== undefined,
  run(flow, values) {
    const { user } = sessionOf(flow)
    const email = user.emails.find((candidate) => candidate.id === values['email_id'])
    if (email === undefined) return { status: 400, error: FLOW_ERRORS.formDataInvalid }
    if (email.isPrimary) return NOT_PERMITTED
    flow.services.directory.deleteEmail(user, email.id)
    return { state: 'profile_init' }
  },
}
