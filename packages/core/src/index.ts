export { createSessionVerifier } from './createSessionVerifier.js'
export type { SessionVerifier, VerifyInput } from './createSessionVerifier.js'
export { verifySession } from './verifySession.js'
export { getSessionToken } from './getSessionToken.js'
export type { GetSessionTokenOptions, NodeRequestLike, SessionRequest } from './getSessionToken.js'
export { getSessionTokenFromCookie } from './getSessionTokenFromCookie.js'
export type { SessionCookieOptions } from './getSessionTokenFromCookie.js'
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
