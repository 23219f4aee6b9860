import { claims } from './cases/claims.js'
import { grammar } from './cases/grammar.js'
import { header } from './cases/header.js'
import { http } from './cases/http.js'
import { jwksContent, jwksTransport } from './cases/jwks.js'
import { revocation } from './cases/revocation.js'
import { signature } from './cases/signature.js'
import { vectors } from './cases/vectors.js'
import type { ConformanceGroup } from './harness.js'

/** The conformance suite: the security catalogue (A–H) and the external vectors. Runs unchanged on every runtime. */
export const groups: readonly ConformanceGroup[] = [grammar, header, signature, vectors, jwksContent, jwksTransport, claims, revocation, http]

export { createFixture } from './harness.js'
export type { ConformanceGroup, Fixture } from './harness.js'
