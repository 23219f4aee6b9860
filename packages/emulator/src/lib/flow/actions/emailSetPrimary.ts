import { FLOW_ERRORS } from '../flowJson.js'
import { type FlowAction, sessionOf } from '../flowAction.js'

/**
 * `profile_init`: makes another of the user's addresses the primary one; offered when there is one to
 * choose. As in Hanko the input lists no allowed values, and an id that is not the user's is 404
 * `not_found`.
 */
export const emailSetPrimary: FlowAction = {
  name: 'email_set_primary',
  description: 'Sets a an email address as the primary email address.',
  inputs: [{ name: 'email_id', type: 'string', required: true, hidden: true }],
  offered(flow) {
    const emails = flow.auth?.user.emails ?? []
    return emails.length > 1 || (emails.length === 1 && !emails[0]!.isPrimary)
  },
  run(flow, values) {
    const { user } = sessionOf(flow)
    const email = user.emails.find((candidate) => candidate.id === values['email_id'])
    if (email === undefined) return { status: 404, error: FLOW_ERRORS.notFound }
    if (!email.isPrimary) flow.services.directory.setPrimaryEmail(user, email.id)
    return { state: 'profile_init' }
  },
}
