import { idInput } from '../flowJson.js'
import { type FlowAction, sessionOf } from '../flowAction.js'

/** `profile_init`: makes another of the user's addresses the primary one; offered when there is one to choose. */
export const emailSetPrimary: FlowAction = {
  name: 'email_set_primary',
  description: 'Sets a an email address as the primary email address.',
  inputs: (flow) => [idInput('email_id', sessionOf(flow).user.emails.map((email) => [email.id, email.id]))],
  offered(flow) {
    const emails = flow.auth?.user.emails ?? []
    return emails.length > 1 || (emails.length === 1 && !emails[0]!.isPrimary)
  },
  run(flow, values) {
    flow.services.directory.setPrimaryEmail(sessionOf(flow).user, values['email_id'] as string)
    return { state: 'profile_init' }
  },
}
