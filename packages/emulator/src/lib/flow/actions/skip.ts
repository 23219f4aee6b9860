import { type FlowAction, NOT_PERMITTED } from '../flowAction.js'

/** `onboarding_create_passkey`: the emulator creates no passkeys, so skipping is the way on to `success`. */
export const skip: FlowAction = {
  name: 'skip',
  description: 'Skip',
  inputs: [],
  run: (flow) => flow.definition.succeed?.(flow) ?? NOT_PERMITTED,
}
