export { createHankoSession } from './createHankoSession.js'
export type { HankoSessionClient } from './HankoSessionClient.js'
export type { HankoSessionOptions, SessionCheckEvent, SessionStorageLike } from './HankoSessionOptions.js'
export type { SessionEvents } from './SessionEvents.js'
export type {
  AuthenticatedSessionState,
  LoadingSessionState,
  SessionClaims,
  SessionSnapshot,
  SessionState,
  SessionUser,
  UnauthenticatedReason,
  UnauthenticatedSessionState,
} from './SessionState.js'
export { sessionSnapshot } from './sessionSnapshot.js'
export { SessionClientError } from './SessionClientError.js'
export type { SessionClientErrorCode } from './SessionClientError.js'
export type { Duration } from './Duration.js'
