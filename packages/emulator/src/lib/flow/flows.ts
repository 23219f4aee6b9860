import { profileData, sessionData } from '../hankoJson.js'
import { accountDelete } from './actions/accountDelete.js'
import { back } from './actions/back.js'
import { continueWithLoginIdentifier } from './actions/continueWithLoginIdentifier.js'
import { addCreatedEmail, emailCreate } from './actions/emailCreate.js'
import { emailDelete } from './actions/emailDelete.js'
import { emailSetPrimary } from './actions/emailSetPrimary.js'
import { patchMetadata } from './actions/patchMetadata.js'
import { registerClientCapabilities } from './actions/registerClientCapabilities.js'
import { registerLoginIdentifier } from './actions/registerLoginIdentifier.js'
import { resendPasscode } from './actions/resendPasscode.js'
import { sessionDelete } from './actions/sessionDelete.js'
import { skip } from './actions/skip.js'
import { verifyPasscode } from './actions/verifyPasscode.js'
import type { ActiveFlow, FlowAction, Outcome } from './flowAction.js'
import type { FlowKind, StateName } from './flowRecord.js'
import { logIn, onboardOrSucceed, signUp } from './success.js'

/**
 * One flow as a table, like a flow in Hanko's `flows.go`: each state's actions in the order they are
 * offered, plus the hooks that decide where shared steps lead in this flow. A state with no entry in
 * `states` (`success`, `account_deleted`, `error`) ends the flow.
 *
 * @example
 * ```ts
 * const action = FLOWS.login.states.passcode_confirmation?.find((candidate) => candidate.name === 'back')
 * ```
 */
export interface FlowDefinition {
  readonly kind: FlowKind
  /** Where `register_client_capabilities` leads from `preflight`. */
  readonly initialState: StateName
  readonly states: Readonly<Partial<Record<StateName, readonly FlowAction[]>>>
  /** Where a verified passcode leads (what Hanko's after-state hooks of `passcode_confirmation` decide). */
  readonly passcodeVerified: (flow: ActiveFlow) => Outcome | Promise<Outcome>
  /** How the flow reaches `success` (Hanko's before-state hooks of `success`); absent when it has none. */
  readonly succeed?: (flow: ActiveFlow) => Outcome | Promise<Outcome>
  /** The payload of a state when the action that led there brought none; `{}` for states not listed. */
  readonly payloads?: Readonly<Partial<Record<StateName, (flow: ActiveFlow) => Record<string, unknown>>>>
}

const PASSCODE_CONFIRMATION = [verifyPasscode, resendPasscode, back] as const

/** `POST /login`: an address, its passcode, maybe the passkey onboarding, then a session. */
const LOGIN: FlowDefinition = {
  kind: 'login',
  initialState: 'login_init',
  states: {
    preflight: [registerClientCapabilities],
    login_init: [continueWithLoginIdentifier],
    passcode_confirmation: PASSCODE_CONFIRMATION,
    onboarding_create_passkey: [skip],
  },
  passcodeVerified: onboardOrSucceed,
  succeed: logIn,
}

/** `POST /registration`: as login, but the user is created when the session is issued. */
const REGISTRATION: FlowDefinition = {
  kind: 'registration',
  initialState: 'registration_init',
  states: {
    preflight: [registerClientCapabilities],
    registration_init: [registerLoginIdentifier],
    passcode_confirmation: PASSCODE_CONFIRMATION,
    onboarding_create_passkey: [skip],
  },
  passcodeVerified: onboardOrSucceed,
  succeed: signUp,
}

/** `POST /profile`: what `<hanko-profile>` shows and changes; every request needs a live session. */
const PROFILE: FlowDefinition = {
  kind: 'profile',
  initialState: 'profile_init',
  states: {
    preflight: [registerClientCapabilities],
    profile_init: [accountDelete, emailCreate, emailDelete, emailSetPrimary, patchMetadata, sessionDelete],
    passcode_confirmation: PASSCODE_CONFIRMATION,
  },
  passcodeVerified: addCreatedEmail,
  payloads: { profile_init: profilePayload },
}

/** The three flows by the path they are served at. */
export const FLOWS: Readonly<Record<FlowKind, FlowDefinition>> = { login: LOGIN, registration: REGISTRATION, profile: PROFILE }

/** `profile_init`'s payload: the user as it is now and its live sessions (Hanko's before-state hooks). */
function profilePayload(flow: ActiveFlow): Record<string, unknown> {
  if (flow.auth === undefined) return {}
  const { user, session } = flow.auth
  const { directory } = flow.services
  const fresh = directory.user(user.id)
  if (fresh === undefined) return {}
  return { user: profileData(fresh), sessions: directory.activeSessions(user.id).map((row) => sessionData(row, session.id)) }
}
