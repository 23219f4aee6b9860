import type { FlowAction } from '../flowAction.js'

/** `preflight`: the browser reports WebAuthn support; the flow moves to its first real state. */
export const registerClientCapabilities: FlowAction = {
  name: 'register_client_capabilities',
  description: 'Send the computers capabilities.',
  inputs: [
    { name: 'webauthn_available', type: 'boolean', required: true, hidden: true },
    { name: 'webauthn_conditional_mediation_available', type: 'boolean', hidden: true },
    { name: 'webauthn_platform_authenticator_available', type: 'boolean', hidden: true },
  ],
  run(flow, values) {
    flow.record.webauthnAvailable = values['webauthn_available'] === true
    return { state: flow.definition.initialState }
  },
}
