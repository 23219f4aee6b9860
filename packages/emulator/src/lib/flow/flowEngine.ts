import { EmulatorError } from '../../EmulatorError.js'
import { setCapped } from '../cappedMap.js'
import type { Directory, UserRow } from '../directory.js'
import { claimsObject, profileData, sessionData } from '../hankoJson.js'
import type { EmulatorRequest } from '../emulatorRequest.js'
import { type EmulatorResponse, type HeaderList, json } from '../emulatorResponse.js'
import { deletionCookieHeader, setCookieHeader } from '../http.js'
import { constantTimeEqual, csrfToken, uuid } from '../ids.js'
import { FLOW_TTL_MS, LIMITS } from '../limits.js'
import type { PasscodeDesk, PasscodeRecord, PasscodeTemplate } from '../passcodes.js'
import type { ResolvedConfig } from '../resolveConfig.js'
import type { Authenticated, SessionAuthority } from '../sessionAuthority.js'
import { type ActionSpec, FLOW_ERRORS, type FlowErrorBody, INPUT_ERRORS, type InputSpec, flowFrameworkError, stateBody } from './flowJson.js'
import { mergePatch } from './mergePatch.js'
import { validateInputs } from './validateInputs.js'

export type FlowKind = 'login' | 'registration' | 'profile'

type StateName =
  | 'preflight'
  | 'login_init'
  | 'registration_init'
  | 'passcode_confirmation'
  | 'onboarding_create_passkey'
  | 'success'
  | 'profile_init'
  | 'account_deleted'
  | 'error'

/** A flow's server-side record: what Hanko keeps in the flow row and its stash. */
interface FlowRecord {
  readonly id: string
  readonly kind: FlowKind
  readonly expiresAt: number
  state: StateName
  csrf: string
  webauthnAvailable: boolean
  /** The address a passcode goes to (and, in registration, the new user's address). */
  email: string | undefined
  /** The account the passcode proves access to; absent for unknown addresses. */
  userId: string | undefined
  template: PasscodeTemplate | undefined
  passcode: PasscodeRecord | undefined
  /** Where `back` leads; set only while the flow is revertible. */
  previous: StateName | undefined
}

/** What one request brings to the engine. */
export interface FlowRequest {
  readonly request: EmulatorRequest
  /** Identifies the client for the passcode rate limit (its address, when known). */
  readonly client: string
  /** Profile flows only: the session that authorised this request. */
  readonly auth: Authenticated | undefined
}

/** What an action decided: the next state (default: stay), and an error, status or payload to show. */
interface Outcome {
  readonly state?: StateName
  readonly status?: number
  readonly error?: FlowErrorBody
  readonly inputError?: { readonly action: string; readonly input: string; readonly error: FlowErrorBody }
  readonly payload?: Record<string, unknown>
  readonly headers?: HeaderList
}

const INITIAL_STATE: Readonly<Record<FlowKind, StateName>> = { login: 'login_init', registration: 'registration_init', profile: 'profile_init' }
const ACTION_PARAM = /^([a-z_]{1,64})@([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i

const ACTIONS = {
  registerClientCapabilities: {
    name: 'register_client_capabilities',
    description: 'Send the computers capabilities.',
    inputs: [
      { name: 'webauthn_available', type: 'boolean', required: true, hidden: true },
      { name: 'webauthn_conditional_mediation_available', type: 'boolean', hidden: true },
      { name: 'webauthn_platform_authenticator_available', type: 'boolean', hidden: true },
    ],
  },
  continueWithLoginIdentifier: {
    name: 'continue_with_login_identifier',
    description: 'Enter an identifier to login.',
    inputs: [{ name: 'email', type: 'email', min_length: 3, max_length: 120, required: true }],
  },
  registerLoginIdentifier: {
    name: 'register_login_identifier',
    description: 'Enter an identifier to register.',
    inputs: [{ name: 'email', type: 'email', max_length: 120, required: true }],
  },
  verifyPasscode: { name: 'verify_passcode', description: 'Enter a passcode.', inputs: [{ name: 'code', type: 'string', required: true }] },
  resendPasscode: { name: 'resend_passcode', description: 'Send the passcode email again.', inputs: [] },
  back: { name: 'back', description: 'Navigate one step back.', inputs: [] },
  skip: { name: 'skip', description: 'Skip', inputs: [] },
  accountDelete: { name: 'account_delete', description: 'Delete an account.', inputs: [] },
  emailCreate: {
    name: 'email_create',
    description: 'Create an email address for the current session user.',
    inputs: [{ name: 'email', type: 'email', max_length: 120, required: true }],
  },
  patchMetadata: {
    name: 'patch_metadata',
    description: 'Patch the (unsafe) metadata of the user',
    inputs: [{ name: 'patch_metadata', type: 'json', required: true, hidden: false }],
  },
} as const satisfies Record<string, ActionSpec>

/**
 * Hanko's Flow API for email-passcode login, registration and the profile, as a state machine over
 * in-memory flow records. Checks run in flowpilot's order: flow exists (403), not expired (410), csrf
 * (403), action offered by the current state (403); then the csrf rotates and the action runs. Actions
 * that fail with a 4xx keep the state; every answer is a full state object.
 */
export class FlowEngine {
  private readonly flows = new Map<string, FlowRecord>()

  constructor(
    private readonly config: ResolvedConfig,
    private readonly directory: Directory,
    private readonly passcodes: PasscodeDesk,
    private readonly sessions: SessionAuthority,
    private readonly now: () => number,
  ) {}

  clear(): void {
    this.flows.clear()
  }

  /** `POST /{flow}` without an action: a new flow, answered with `preflight`. */
  start(kind: FlowKind, context: FlowRequest): EmulatorResponse {
    const flow: FlowRecord = {
      id: uuid(),
      kind,
      expiresAt: this.now() + FLOW_TTL_MS,
      state: 'preflight',
      csrf: csrfToken(),
      webauthnAvailable: false,
      email: undefined,
      userId: undefined,
      template: undefined,
      passcode: undefined,
      previous: undefined,
    }
    setCapped(this.flows, flow.id, flow, LIMITS.maxFlows)
    return this.respond(flow, context, {})
  }

  /** `POST /{flow}?action=name@id` with an already parsed body. */
  async act(kind: FlowKind, actionParam: string, input: { data: Record<string, unknown>; csrf: string }, context: FlowRequest): Promise<EmulatorResponse> {
    const match = ACTION_PARAM.exec(actionParam)
    if (match === null) return flowFrameworkError(500, FLOW_ERRORS.technical)
    const [, actionName, flowId] = match as unknown as [string, string, string]
    const flow = this.flows.get(flowId.toLowerCase())
    if (flow === undefined || flow.kind !== kind) return flowFrameworkError(403, FLOW_ERRORS.operationNotPermitted)
    if (this.now() > flow.expiresAt) {
      this.flows.delete(flow.id)
      return flowFrameworkError(410, FLOW_ERRORS.flowExpired)
    }
    if (!constantTimeEqual(flow.csrf, input.csrf)) return flowFrameworkError(403, FLOW_ERRORS.operationNotPermitted)
    const action = this.actionsOf(flow, context).find((candidate) => candidate.name === actionName)
    if (action === undefined) return flowFrameworkError(403, FLOW_ERRORS.operationNotPermitted)

    // Rotated before anything async runs: a concurrent request with the same token now fails the csrf
    // check, which serialises a flow the way Hanko's per-flow lock does.
    flow.csrf = csrfToken()
    const validation = validateInputs(action.inputs, input.data)
    if (!validation.ok) {
      return this.respond(flow, context, {
        status: 400,
        error: FLOW_ERRORS.formDataInvalid,
        inputError: { action: action.name, input: validation.input, error: validation.error },
      })
    }
    let outcome: Outcome
    try {
      outcome = await this.run(flow, action.name, validation.values, context)
    } catch (error) {
      if (!(error instanceof EmulatorError)) throw error
      // A race (the address was taken meanwhile) refuses the step; a full emulator ends the flow.
      outcome =
        error.code === 'ERR_EMAIL_TAKEN'
          ? { status: 403, error: FLOW_ERRORS.operationNotPermitted }
          : { state: 'error', status: 500, error: FLOW_ERRORS.technical }
    }
    if (outcome.state !== undefined) flow.state = outcome.state
    // A finished flow cannot be continued; forget it so it does not hold a slot.
    if (flow.state === 'success' || flow.state === 'account_deleted' || flow.state === 'error') this.flows.delete(flow.id)
    return this.respond(flow, context, outcome)
  }

  private async run(flow: FlowRecord, action: string, values: Readonly<Record<string, unknown>>, context: FlowRequest): Promise<Outcome> {
    switch (action) {
      case 'register_client_capabilities':
        flow.webauthnAvailable = values['webauthn_available'] === true
        return { state: INITIAL_STATE[flow.kind] }
      case 'continue_with_login_identifier':
        return this.identify(flow, values['email'] as string, context, 'login_init')
      case 'register_login_identifier':
        return this.identify(flow, values['email'] as string, context, 'registration_init')
      case 'email_create':
        return this.identify(flow, values['email'] as string, context, 'profile_init')
      case 'verify_passcode':
        return this.verifyPasscode(flow, values['code'] as string, context)
      case 'resend_passcode':
        return this.resendPasscode(flow, context)
      case 'back':
        return this.back(flow)
      case 'skip':
        return this.finish(flow, context)
      default:
        return this.runProfileAction(flow, action, values, context)
    }
  }

  /** login_init, registration_init and the profile's email_create: stash the address, then mail a code. */
  private identify(flow: FlowRecord, email: string, context: FlowRequest, from: StateName): Outcome {
    const owner = this.directory.userByAddress(email)
    const hints = this.config.accountExistenceHints
    let template: PasscodeTemplate
    if (from === 'login_init') {
      if (owner === undefined && hints) return inputError('continue_with_login_identifier', 'email', INPUT_ERRORS.unknownEmail)
      template = owner === undefined ? 'email_login_attempted' : 'login'
      flow.userId = owner?.id
    } else if (from === 'registration_init') {
      if (owner !== undefined && hints) return inputError('register_login_identifier', 'email', INPUT_ERRORS.emailAlreadyExists)
      template = owner === undefined ? 'email_verification' : 'email_registration_attempted'
      flow.userId = undefined
    } else {
      const user = context.auth!.user
      if (owner !== undefined && (owner.id === user.id || hints)) return inputError('email_create', 'email', INPUT_ERRORS.emailAlreadyExists)
      template = owner === undefined ? 'email_verification' : 'email_registration_attempted'
      flow.userId = user.id
    }
    flow.email = email
    flow.template = template
    flow.previous = from
    return this.enterPasscodeConfirmation(flow, context.client)
  }

  /** Entering passcode_confirmation mails a code, unless a usable one for the same address exists. */
  private enterPasscodeConfirmation(flow: FlowRecord, client: string): Outcome {
    const email = flow.email!
    const limit = this.passcodes.take(client, email)
    if (!limit.ok) {
      return { state: 'passcode_confirmation', status: 429, error: FLOW_ERRORS.rateLimitExceeded, payload: { resend_after: limit.resendAfter } }
    }
    if (!this.passcodes.usable(flow.passcode) || flow.passcode?.email !== email) {
      flow.passcode = this.passcodes.send(email, flow.template!, flow.kind)
    }
    return { state: 'passcode_confirmation' }
  }

  private resendPasscode(flow: FlowRecord, context: FlowRequest): Outcome {
    const limit = this.passcodes.take(context.client, flow.email!)
    if (!limit.ok) return { status: 429, error: FLOW_ERRORS.rateLimitExceeded, payload: { resend_after: limit.resendAfter } }
    flow.passcode = this.passcodes.send(flow.email!, flow.template!, flow.kind)
    return {}
  }

  private async verifyPasscode(flow: FlowRecord, code: string, context: FlowRequest): Promise<Outcome> {
    const result = this.passcodes.check(flow.passcode, code)
    if (result === 'invalid') return inputError('verify_passcode', 'code', INPUT_ERRORS.passcodeInvalid)
    if (result === 'max_attempts') return { status: 401, error: FLOW_ERRORS.passcodeMaxAttempts }
    flow.passcode = undefined
    flow.previous = undefined
    // A correct code for a mail that carried none cannot happen, but the account must exist regardless.
    const attempted = flow.template === 'email_login_attempted' || flow.template === 'email_registration_attempted'
    if (attempted || (flow.kind !== 'registration' && flow.userId === undefined)) {
      return { status: 403, error: FLOW_ERRORS.operationNotPermitted }
    }
    if (flow.kind === 'profile') {
      this.directory.addEmail(context.auth!.user, flow.email!)
      return { state: 'profile_init' }
    }
    if (this.config.passkeyOnboarding && flow.webauthnAvailable) return { state: 'onboarding_create_passkey' }
    return this.finish(flow, context)
  }

  private back(flow: FlowRecord): Outcome {
    const previous = flow.previous ?? flow.state
    flow.previous = undefined
    // Hanko restores the stash of the earlier state, which holds no passcode yet.
    flow.passcode = undefined
    return { state: previous }
  }

  /** Registration creates the user here; then the session is issued and the token delivered. */
  private async finish(flow: FlowRecord, context: FlowRequest): Promise<Outcome> {
    let user: UserRow | undefined
    if (flow.kind === 'registration') {
      user = this.directory.createUser(flow.email!)
    } else {
      user = flow.userId === undefined ? undefined : this.directory.user(flow.userId)
      if (user === undefined) return { status: 403, error: FLOW_ERRORS.operationNotPermitted }
    }
    const { request } = context
    const issued = await this.sessions.issue(user, {
      userAgent: request.header('user-agent')?.slice(0, 512) ?? undefined,
      ipAddress: context.client === 'unknown' ? undefined : context.client,
    })
    const { config } = this
    const headers: HeaderList = [
      ['x-session-lifetime', String(config.sessionLifetime)],
      ['x-session-retention', config.retention],
    ]
    if (config.tokenDelivery === 'header') headers.push(['x-auth-token', issued.token])
    else headers.push(['set-cookie', setCookieHeader(config.cookie, issued.token, config.retention === 'session' ? undefined : config.sessionLifetime)])
    const payload: Record<string, unknown> = { claims: claimsObject(issued.payload), user: profileData(user) }
    if (flow.kind === 'login') payload['last_login'] = { login_method: 'passcode' }
    return { state: 'success', payload, headers }
  }

  private runProfileAction(flow: FlowRecord, action: string, values: Readonly<Record<string, unknown>>, context: FlowRequest): Outcome {
    const { user, session } = context.auth!
    switch (action) {
      case 'account_delete': {
        this.directory.deleteUser(user.id)
        return { state: 'account_deleted', headers: [['set-cookie', deletionCookieHeader(this.config.cookie)]] }
      }
      case 'email_delete': {
        const email = user.emails.find((candidate) => candidate.id === values['email_id'])
        if (email === undefined) return { status: 400, error: FLOW_ERRORS.formDataInvalid }
        if (email.isPrimary) return { status: 403, error: FLOW_ERRORS.operationNotPermitted }
        this.directory.deleteEmail(user, email.id)
        return { state: 'profile_init' }
      }
      case 'email_set_primary':
        this.directory.setPrimaryEmail(user, values['email_id'] as string)
        return { state: 'profile_init' }
      case 'session_delete':
        if (values['session_id'] !== session.id) this.directory.deleteSession(values['session_id'] as string)
        return { state: 'profile_init' }
      case 'patch_metadata': {
        const patched = mergePatch(user.unsafeMetadata, values['patch_metadata'])
        if (patched === 'invalid' || (patched !== undefined && JSON.stringify(patched).length > LIMITS.maxMetadataChars)) {
          return inputError('patch_metadata', 'patch_metadata', INPUT_ERRORS.invalidMetadata)
        }
        this.directory.setUnsafeMetadata(user, patched)
        return { state: 'profile_init' }
      }
      default:
        return { status: 403, error: FLOW_ERRORS.operationNotPermitted }
    }
  }

  /** The actions the flow's current state offers now (some depend on the user's emails and sessions). */
  private actionsOf(flow: FlowRecord, context: FlowRequest): ActionSpec[] {
    switch (flow.state) {
      case 'preflight':
        return [ACTIONS.registerClientCapabilities]
      case 'login_init':
        return [ACTIONS.continueWithLoginIdentifier]
      case 'registration_init':
        return [ACTIONS.registerLoginIdentifier]
      case 'passcode_confirmation':
        return [ACTIONS.verifyPasscode, ACTIONS.resendPasscode, ...(flow.previous === undefined ? [] : [ACTIONS.back])]
      case 'onboarding_create_passkey':
        return [ACTIONS.skip]
      case 'profile_init':
        return context.auth === undefined ? [] : this.profileActions(context.auth)
      default:
        return []
    }
  }

  private profileActions({ user, session }: Authenticated): ActionSpec[] {
    const actions: ActionSpec[] = [ACTIONS.accountDelete]
    if (user.emails.length < LIMITS.maxEmailsPerUser) actions.push(ACTIONS.emailCreate)
    // Always offered: <hanko-profile> crashes without it. Only non-primary addresses can go.
    actions.push(idAction('email_delete', 'Delete an email address.', 'email_id', user.emails.filter((email) => !email.isPrimary).map((email) => email.id)))
    if (user.emails.length > 1 || (user.emails.length === 1 && !user.emails[0]!.isPrimary)) {
      actions.push(idAction('email_set_primary', 'Sets a an email address as the primary email address.', 'email_id', user.emails.map((email) => email.id)))
    }
    actions.push(ACTIONS.patchMetadata)
    const others = this.directory.activeSessions(user.id).filter((row) => row.id !== session.id).map((row) => row.id)
    if (others.length > 0) actions.push(idAction('session_delete', 'Delete a session.', 'session_id', others))
    return actions
  }

  private respond(flow: FlowRecord, context: FlowRequest, outcome: Outcome): EmulatorResponse {
    const status = outcome.status ?? 200
    let actions = this.actionsOf(flow, context)
    const { inputError } = outcome
    if (inputError !== undefined) {
      actions = actions.map((action) =>
        action.name !== inputError.action
          ? action
          : { ...action, inputs: action.inputs.map((input) => (input.name === inputError.input ? { ...input, error: inputError.error } : input)) },
      )
    }
    const body = stateBody({
      name: flow.state,
      status,
      payload: outcome.payload ?? this.payloadOf(flow, context),
      csrf: flow.state === 'error' ? '' : flow.csrf,
      flowPath: flow.kind,
      flowId: flow.id,
      actions,
      error: outcome.error,
    })
    return json(status, body, outcome.headers)
  }

  private payloadOf(flow: FlowRecord, context: FlowRequest): Record<string, unknown> {
    if (flow.state !== 'profile_init' || context.auth === undefined) return {}
    const { user, session } = context.auth
    const fresh = this.directory.user(user.id)
    if (fresh === undefined) return {}
    return {
      user: profileData(fresh),
      sessions: this.directory.activeSessions(user.id).map((row) => sessionData(row, session.id)),
    }
  }
}

function inputError(action: string, input: string, error: FlowErrorBody): Outcome {
  return { status: 400, error: FLOW_ERRORS.formDataInvalid, inputError: { action, input, error } }
}

/** An action with one hidden id input whose allowed values are listed (omitted when there are none). */
function idAction(name: string, description: string, input: string, ids: readonly string[]): ActionSpec {
  const spec: InputSpec = { name: input, type: 'string', required: true, hidden: true }
  return {
    name,
    description,
    inputs: [ids.length === 0 ? spec : { ...spec, allowed_values: ids.map((id) => ({ value: id, name: id })) }],
  }
}
