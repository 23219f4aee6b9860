import type { FlowAction } from '../flowAction.js'

/** Returns to the state before the last step, offered only while that step can be undone. */
export const back: FlowAction = {
  name: 'back',
  description: 'Navigate one step back.',
  inputs: [],
  offered: (flow) => flow.record.previous !== undefined,
  run({ record }) {
    const previous = record.previous ?? record.state
    record.previous = undefined
    // Hanko restores the stash of the earlier state, which holds no passcode yet.
    record.passcode = undefined
    return { state: previous }
  },
}
