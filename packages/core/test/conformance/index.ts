import { grammar } from './cases/grammar.js'
import { header } from './cases/header.js'
import { signature } from './cases/signature.js'
import { vectors } from './cases/vectors.js'
import type { ConformanceGroup } from './harness.js'

/** The conformance suite: every group, in catalogue order. Runs unchanged on every runtime. */
export const groups: readonly ConformanceGroup[] = [grammar, header, signature, vectors]

export { createFixture } from './harness.js'
export type { ConformanceCase, ConformanceGroup, Fixture } from './harness.js'
