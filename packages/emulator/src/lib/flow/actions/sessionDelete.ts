import { idInput } from '../flowJson.js'
import { type ActiveFlow, type FlowAction, sessionOf } from '../flowAction.js'

/** `profile_init`: revokes another of the user's sessions; offered while there is one. */
export const sessionDelete: FlowAction = {
  name: 'session_delete',
  description: 'Delete a session.',
  inputs: (flow) => [idInput('session_id', otherSessionIds(flow).map((id) => [id, id]))],
  offered: (flow) => flow.auth !== undefined && otherSessionIds(flow).length > 0,
  run(flow, values) {
    // The current session is not among the allowed values; it cannot end itself here either way.
    if (values['session_id'] !== sessionOf(flow).session.id) flow.services.directory.deleteSession(values['session_id'] as string)
    return { state: 'profile_init' }
  },
}

function otherSessionIds(flow: ActiveFlow): string[] {
  const { user, session } = sessionOf(flow)
  return flow.services.directory.activeSessions(user.id).filter((row) => row.id !== session.id).map((row) => row.id)
}
