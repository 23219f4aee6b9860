import { grammar } from './cases/grammar.js'
import { header } from './cases/header.js'
import { jwksContent, jwksTransport } from './cases/jwks.js'
import { signature } from './cases/signature.js'
import { vectors } from './cases/vectors.js'
import type { ConformanceGroup } from './harness.js'

/** The conformance suite: every group, in catalogue order. Runs unchanged on every runtime. */
export const groups: readonly ConformanceGroup[] = [grammar, header, signature, vectors, jwksContent, jwksTransport]

export { createFixture } from './harness.js'
export type { ConformanceCase, ConformanceGroup, Fixture } from './harness.js'
