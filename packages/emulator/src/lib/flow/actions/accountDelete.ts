import { deletionCookieHeader } from '../../http.js'
import { type FlowAction, sessionOf } from '../flowAction.js'

/**
 * `profile_init`: deletes the user with its emails and sessions, and the session cookie. Offered only
 * with the `accountDeletion` option on (Hanko's `account.allow_deletion`).
 */
export const accountDelete: FlowAction = {
  name: 'account_delete',
  description: 'Delete an account.',
  inputs: [],
  offered: (flow) => flow.auth !== undefined && flow.services.config.accountDeletion,
  run(flow) {
    flow.services.directory.deleteUser(sessionOf(flow).user.id)
    return { state: 'account_deleted', headers: [['set-cookie', deletionCookieHeader(flow.services.config.cookie)]] }
  },
}
