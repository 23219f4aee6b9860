// What is measured: each contender, set up the way its documentation recommends for a JWKS-signed RS256
// token with audience "localhost", turns into `create()` → `verify(token)` (a fresh instance per round,
// so @hanko-session/core's verified-token cache never sees a token twice in the unique-token scenario).
// Every verify must succeed: a contender that rejects a token fails the run instead of looking fast.
import { createPublicKey, verify as cryptoVerify } from 'node:crypto'
import { AUDIENCE } from './fixtures.js'

export const CONTENDERS = {
  raw: {
    label: 'raw node:crypto verify (ceiling)',
    async setup({ publicJwk }) {
      const keyObject = createPublicKey({ key: publicJwk, format: 'jwk' })
      return async () => (token) => {
        const dot = token.lastIndexOf('.')
        const signature = Buffer.from(token.slice(dot + 1), 'base64url')
        if (!cryptoVerify('sha256', Buffer.from(token.slice(0, dot), 'latin1'), keyObject, signature)) throw new Error('bad signature')
      }
    },
  },
  ours: {
    label: '@hanko-session/core',
    /** Remembers verified tokens: the repeated-token scenario verifies each session once before timing. */
    caches: true,
    async setup({ jwksUrl }) {
      const { createSessionVerifier } = await import('@hanko-session/core')
      const { backend } = await import('#crypto')
      const create = async () => {
        const verifier = createSessionVerifier({ jwksUrl, audience: AUDIENCE })
        return (token) => verifier.verify(token)
      }
      create.backend = backend.name
      return create
    },
  },
  jose: {
    label: 'jose jwtVerify, pre-imported key',
    async setup({ publicJwk }) {
      const { importJWK, jwtVerify } = await import('jose')
      const options = { algorithms: ['RS256'], audience: AUDIENCE }
      return async () => {
        const key = await importJWK(publicJwk, 'RS256')
        return (token) => jwtVerify(token, key, options)
      }
    },
  },
  aws: awsContender('aws-jwt-verify JwtVerifier.verify', 'verify'),
  awsSync: awsContender('aws-jwt-verify JwtVerifier.verifySync', 'verifySync'),
  jsonwebtoken: {
    label: 'jsonwebtoken + jwks-rsa',
    async setup({ jwksUrl }) {
      const { default: jwt } = await import('jsonwebtoken')
      const { default: jwksClient } = await import('jwks-rsa')
      const options = { algorithms: ['RS256'], audience: AUDIENCE }
      return async () => {
        // The pattern of jsonwebtoken's README ("use an async function to get the key") and Hanko's examples.
        const client = jwksClient({ jwksUri: jwksUrl, cache: true, rateLimit: true })
        const getKey = (header, callback) =>
          client.getSigningKey(header.kid, (error, key) => callback(error, key?.getPublicKey()))
        return (token) =>
          new Promise((resolve, reject) =>
            jwt.verify(token, getKey, options, (error, payload) => (error ? reject(error) : resolve(payload))),
          )
      }
    },
  },
}

function awsContender(label, method) {
  return {
    label,
    async setup({ jwksUrl }) {
      const create = await awsVerifier(jwksUrl)
      return async () => {
        const verifier = await create()
        return (token) => verifier[method](token)
      }
    },
  }
}

/**
 * aws-jwt-verify's own fetcher speaks https only, so the local http JWKS is read through a fetcher
 * built on global fetch (its documented `SimpleJwksCache({ fetcher })` extension point); everything
 * else is the library's default.
 */
export async function awsVerifier(jwksUri, { hydrate = true } = {}) {
  const { JwtVerifier } = await import('aws-jwt-verify')
  const { SimpleJwksCache } = await import('aws-jwt-verify/jwk')
  const fetcher = { fetch: async (uri) => (await fetch(uri)).arrayBuffer() }
  return async () => {
    const jwksCache = new SimpleJwksCache({ fetcher })
    const verifier = JwtVerifier.create({ issuer: null, audience: AUDIENCE, jwksUri }, { jwksCache })
    if (hydrate) await verifier.hydrate()
    return verifier
  }
}
