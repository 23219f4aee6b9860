export { createTestSession } from './testing/createTestSession.js'
export type { TestSession, TestSessionOptions } from './testing/createTestSession.js'
