import type { PasscodeTemplate } from '../passcodes.js'
import { type ActiveFlow, type Outcome } from './flowAction.js'
import { FLOW_ERRORS } from './flowJson.js'

/** Who a passcode goes to, which mail carries it, and the account it proves access to. */
interface PasscodeTarget {
  readonly email: string
  readonly template: PasscodeTemplate
  readonly userId: string | undefined
}

/**
 * Leads from an identifier state to `passcode_confirmation`, which `back` can undo. Entering it mails a
 * code (Hanko's before-state hook), unless the flow already holds a usable one for the same address;
 * the rate limit applies either way.
 */
export function enterPasscodeConfirmation(flow: ActiveFlow, target: PasscodeTarget): Outcome {
  const { record } = flow
  const { passcodes } = flow.services
  record.email = target.email
  record.template = target.template
  record.userId = target.userId
  record.previous = record.state
  const limit = passcodes.take(flow.client, target.email)
  if (!limit.ok) {
    return { state: 'passcode_confirmation', status: 429, error: FLOW_ERRORS.rateLimitExceeded, payload: { resend_after: limit.resendAfter } }
  }
  if (!passcodes.usable(record.passcode) || record.passcode?.email !== target.email) {
    record.passcode = passcodes.send(target.email, target.template, record.kind)
  }
  return { state: 'passcode_confirmation' }
}
