import { FLOW_ERRORS } from '../flowJson.js'
import type { FlowAction } from '../flowAction.js'

/** `passcode_confirmation`: mails a new code to the same address, within the rate limit. */
export const resendPasscode: FlowAction = {
  name: 'resend_passcode',
  description: 'Send the passcode email again.',
  inputs: [],
  run(flow) {
    const { record } = flow
    const { passcodes } = flow.services
    const limit = passcodes.take(flow.client, record.email!)
    if (!limit.ok) return { status: 429, error: FLOW_ERRORS.rateLimitExceeded, payload: { resend_after: limit.resendAfter } }
    record.passcode = passcodes.send(record.email!, record.template!, record.kind)
    return {}
  },
}
