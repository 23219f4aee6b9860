import type { UserRow } from '../directory.js'
import type { HeaderList } from '../emulatorResponse.js'
import { claimsObject, profileData } from '../hankoJson.js'
import { setCookieHeader } from '../http.js'
import { type ActiveFlow, NOT_PERMITTED, type Outcome } from './flowAction.js'

/**
 * Login and registration after a verified passcode: the skippable passkey onboarding when it is on and
 * the browser has WebAuthn, otherwise straight to `success`.
 */
export function onboardOrSucceed(flow: ActiveFlow): Outcome | Promise<Outcome> {
  if (flow.services.config.passkeyOnboarding && flow.record.webauthnAvailable) return { state: 'onboarding_create_passkey' }
  return flow.definition.succeed?.(flow) ?? NOT_PERMITTED
}

/** Login's `success`: a session for the account the passcode proved, if it still exists. */
export function logIn(flow: ActiveFlow): Promise<Outcome> | Outcome {
  const { userId } = flow.record
  const user = userId === undefined ? undefined : flow.services.directory.user(userId)
  if (user === undefined) return NOT_PERMITTED
  return issueSession(flow, user, { last_login: { login_method: 'passcode' } })
}

/** Registration's `success`: the user is created only now, then the session is issued. */
export function signUp(flow: ActiveFlow): Promise<Outcome> {
  const user = flow.services.directory.createUser(flow.record.email!)
  return issueSession(flow, user, {})
}

/** Issues the session and delivers its token the configured way, with Hanko's `success` payload. */
async function issueSession(flow: ActiveFlow, user: UserRow, extraPayload: Record<string, unknown>): Promise<Outcome> {
  const { config, sessions } = flow.services
  const issued = await sessions.issue(user, {
    userAgent: flow.request.header('user-agent')?.slice(0, 512) ?? undefined,
    ipAddress: flow.client === 'unknown' ? undefined : flow.client,
  })
  const headers: HeaderList = [
    ['x-session-lifetime', String(config.sessionLifetime)],
    ['x-session-retention', config.retention],
  ]
  if (config.tokenDelivery === 'header') headers.push(['x-auth-token', issued.token])
  else headers.push(['set-cookie', setCookieHeader(config.cookie, issued.token, config.retention === 'session' ? undefined : config.sessionLifetime)])
  return { state: 'success', payload: { claims: claimsObject(issued.payload), user: profileData(user), ...extraPayload }, headers }
}
