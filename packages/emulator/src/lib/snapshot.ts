import { EmulatorError } from '../EmulatorError.js'
import type { EmulatorSnapshot } from '../EmulatorSnapshot.js'
import { isPlainObject } from './http.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Checks the shape of a snapshot before anything is restored from it (it may come from a file a person
 * edited). Keys are checked again when imported.
 */
export function checkSnapshot(value: unknown): EmulatorSnapshot {
  if (!isPlainObject(value) || value['version'] !== 1) invalid('expected an object with "version": 1')
  const { keys, users, sessions } = value
  if (!Array.isArray(keys) || !Array.isArray(users) || !Array.isArray(sessions)) invalid('"keys", "users" and "sessions" must be arrays')
  for (const key of keys) {
    if (!isPlainObject(key) || typeof key['kid'] !== 'string' || !isTime(key['createdAt']) || !isPlainObject(key['privateJwk'])) {
      invalid('every key needs "kid", "createdAt" and "privateJwk"')
    }
  }
  for (const user of users) {
    if (!isPlainObject(user) || !isId(user['id']) || !isTime(user['createdAt']) || !isTime(user['updatedAt']) || !Array.isArray(user['emails'])) {
      invalid('every user needs "id", "createdAt", "updatedAt" and "emails"')
    }
    for (const email of user['emails'] as unknown[]) {
      if (!isPlainObject(email) || !isId(email['id']) || typeof email['address'] !== 'string' || typeof email['isPrimary'] !== 'boolean' || !isTime(email['createdAt'])) {
        invalid('every email needs "id", "address", "isPrimary" and "createdAt"')
      }
    }
    if (user['unsafeMetadata'] !== undefined && !isPlainObject(user['unsafeMetadata'])) invalid('"unsafeMetadata" must be an object')
  }
  for (const session of sessions) {
    if (!isPlainObject(session) || !isId(session['id']) || !isId(session['userId']) || !['createdAt', 'expiresAt', 'lastUsed'].every((name) => isTime(session[name]))) {
      invalid('every session needs "id", "userId", "createdAt", "expiresAt" and "lastUsed"')
    }
    for (const name of ['userAgent', 'ipAddress']) {
      if (session[name] !== undefined && typeof session[name] !== 'string') invalid(`"${name}" must be a string`)
    }
  }
  return value as unknown as EmulatorSnapshot
}

function isId(value: unknown): boolean {
  return typeof value === 'string' && UUID.test(value)
}

function isTime(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value)
}

function invalid(detail: string): never {
  throw new EmulatorError('ERR_SNAPSHOT_INVALID', `The snapshot is invalid: ${detail}.`)
}
