export { createSessionVerifier } from './createSessionVerifier.js'
export type { SessionVerifier } from './createSessionVerifier.js'
export { verifySession } from './verifySession.js'
export { getSessionToken } from './getSessionToken.js'
export type { GetSessionTokenOptions, NodeRequestLike, SessionTokenSource } from './getSessionToken.js'
export { SessionError, isSessionError } from './SessionError.js'
export type { ServerResponseLike, SessionErrorCode, SessionErrorResponseOptions } from './SessionError.js'
export type { HankoClaims, HankoEmailClaim, HankoSession } from './HankoSession.js'
export type {
  FetchLike,
  JsonWebKeySet,
  JwksErrorEvent,
  JwksFetchEvent,
  RevocationMode,
  RevocationOptions,
  SessionAlgorithm,
  SessionVerifierOptions,
  StaleKeysEvent,
  UnknownKidEvent,
} from './SessionVerifierOptions.js'
