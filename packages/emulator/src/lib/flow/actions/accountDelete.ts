import { deletionCookieHeader } from '../../http.js'
import { type FlowAction, sessionOf } from '../flowAction.js'

/** `profile_init`: deletes the user with its emails and sessions, and the session cookie. */
export const accountDelete: FlowAction = {
  name: 'account_delete',
  description: 'Delete an account.',
  inputs: [],
  offered: (flow) => flow.auth !== undefined,
  run(flow) {
    flow.services.directory.deleteUser(sessionOf(flow).user.id)
    return { state: 'account_deleted', headers: [['set-cookie', deletionCookieHeader(flow.services.config.cookie)]] }
  },
}
