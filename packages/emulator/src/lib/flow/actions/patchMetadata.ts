import { LIMITS } from '../../limits.js'
import { INPUT_ERRORS } from '../flowJson.js'
import { type FlowAction, inputError, sessionOf } from '../flowAction.js'
import { mergePatch } from '../mergePatch.js'

/** `profile_init`: a JSON merge patch over the user's unsafe metadata, within Hanko's 3000 characters. */
export const patchMetadata: FlowAction = {
  name: 'patch_metadata',
  description: 'Patch the (unsafe) metadata of the user',
  inputs: [{ name: 'patch_metadata', type: 'json', required: true, hidden: false }],
  offered: (flow) => flow.auth !== undefined,
  run(flow, values) {
    const { user } = sessionOf(flow)
    const patched = mergePatch(user.unsafeMetadata, values['patch_metadata'])
    if (patched === 'invalid' || (patched !== undefined && JSON.stringify(patched).length > LIMITS.maxMetadataChars)) {
      return inputError('patch_metadata', INPUT_ERRORS.invalidMetadata)
    }
    flow.services.directory.setUnsafeMetadata(user, patched)
    return { state: 'profile_init' }
  },
}
