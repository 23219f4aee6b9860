import type { PasscodeRecord, PasscodeTemplate } from '../passcodes.js'

/** The three flows the emulator serves, each at `POST /{kind}`. */
export type FlowKind = 'login' | 'registration' | 'profile'

/** Every state an emulated flow can be in, named as Hanko names them. */
export type StateName =
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
export interface FlowRecord {
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
