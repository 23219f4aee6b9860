// JWKS request counts against a real local endpoint. Time is simulated through the verifier's `now`
// option, so 30 s of traffic take a fraction of a second; requests are real HTTP requests, counted by
// the server.
import { createPrivateKey } from 'node:crypto'
import { createSessionVerifier } from '@hanko-session/core'
import { awsVerifier } from './contenders.js'
import { AUDIENCE, hankoClaims, mintToken, newKey, unknownKidToken } from './fixtures.js'

/** Probing lead times swept in the rotation scenario, in seconds: bursts of invented kids that stop as the new key arrives. */
const JUST_BEFORE_S = [0, 0.1, 0.25, 0.5, 1]
const LONGER_S = Array.from({ length: 58 }, (_, index) => 1.5 + index * 0.5) // 1.5 … 30 s
const PROBES_PER_S = 10
const RETRY_EVERY_MS = 100
const GIVE_UP_MS = 120_000

function simulatedClock(start = Date.now()) {
  let time = start
  return { now: () => time, set: (value) => (time = value), advance: (ms) => (time += ms), start }
}

function settleAll(promises) {
  return Promise.allSettled(promises).then((results) => {
    const rejected = results.filter((result) => result.status === 'rejected').map((result) => result.reason)
    return { fulfilled: results.length - rejected.length, rejected }
  })
}

/** (a) 1,000 concurrent verifications on a cold cache, for us and each peer: how many JWKS requests? */
export async function coldStart({ server, key, tokens, concurrency = 1_000 }) {
  const batch = tokens.slice(0, concurrency)
  const { createRemoteJWKSet, jwtVerify } = await import('jose')
  const { default: jwt } = await import('jsonwebtoken')
  const { default: jwksClient } = await import('jwks-rsa')
  const runners = {
    ours: async (url) => {
      const verifier = createSessionVerifier({ jwksUrl: url, audience: AUDIENCE })
      return (token) => verifier.verify(token)
    },
    jose: async (url) => {
      const jwks = createRemoteJWKSet(new URL(url))
      return (token) => jwtVerify(token, jwks, { algorithms: ['RS256'], audience: AUDIENCE })
    },
    aws: async (url) => {
      const verifier = await (await awsVerifier(url, { hydrate: false }))()
      return (token) => verifier.verify(token)
    },
    jsonwebtoken: async (url) => {
      const client = jwksClient({ jwksUri: url, cache: true, rateLimit: true })
      const getKey = (header, callback) => client.getSigningKey(header.kid, (error, signingKey) => callback(error, signingKey?.getPublicKey()))
      return (token) =>
        new Promise((resolve, reject) =>
          jwt.verify(token, getKey, { algorithms: ['RS256'], audience: AUDIENCE }, (error, payload) => (error ? reject(error) : resolve(payload))),
        )
    },
  }
  const results = {}
  for (const [name, make] of Object.entries(runners)) {
    const path = `/cold/${name}.json`
    server.publish(path, [key.publicJwk])
    const verify = await make(server.url(path))
    const { fulfilled, rejected } = await settleAll(batch.map((token) => verify(token)))
    results[name] = { requests: server.count(path), fulfilled, failed: rejected.length, firstError: describe(rejected[0]) }
  }
  return results
}

/**
 * (b) Tokens with random kids spread evenly over `durationMs` of simulated time, `perTick` at once,
 * after the keys were loaded (that first request is not counted).
 */
export async function unknownKidFlood({ server, key, validToken, tokens = 10_000, durationMs = 30_000, perTick = 10, path }) {
  server.publish(path, [key.publicJwk])
  const clock = simulatedClock()
  let refetchEvents = 0
  const verifier = createSessionVerifier({
    jwksUrl: server.url(path),
    audience: AUDIENCE,
    now: clock.now,
    onUnknownKid: (event) => (refetchEvents += event.refetched ? 1 : 0),
  })
  await verifier.verify(validToken)
  clock.advance(60_000) // the keys are warm and the unknown-kid cooldown is quiet
  const before = server.count(path)
  const ticks = tokens / perTick
  const codes = new Map()
  const iat = Math.floor(clock.now() / 1000)
  for (let tick = 0; tick < ticks; tick++) {
    clock.set(clock.start + 60_000 + Math.floor((tick * durationMs) / ticks))
    const { rejected } = await settleAll(Array.from({ length: perTick }, () => verifier.verify(unknownKidToken(iat))))
    for (const error of rejected) codes.set(error?.code ?? String(error), (codes.get(error?.code ?? String(error)) ?? 0) + 1)
  }
  const requests = server.count(path) - before
  // The genuine key must still work after the flood (and from the cache of keys, not a new request).
  let stillValid = true
  try {
    await verifier.verify(validToken)
  } catch {
    stillValid = false
  }
  return { tokens, durationMs, requests, refetchEvents, codes: Object.fromEntries(codes), stillValid }
}

/**
 * (b') The same flood against a JWKS whose kid set changes on every fetch: each refetch "finds a new
 * key", which must not reopen the gate.
 */
export async function kidChurnFlood({ server, key, validToken, tokens = 10_000, durationMs = 30_000, perTick = 10, path }) {
  let generation = 0
  server.publish(path, () => [key.publicJwk, { ...key.publicJwk, kid: `churn-${generation++}` }])
  const clock = simulatedClock()
  const verifier = createSessionVerifier({ jwksUrl: server.url(path), audience: AUDIENCE, now: clock.now })
  await verifier.verify(validToken)
  clock.advance(60_000)
  const before = server.count(path)
  const ticks = tokens / perTick
  const iat = Math.floor(clock.now() / 1000)
  for (let tick = 0; tick < ticks; tick++) {
    clock.set(clock.start + 60_000 + Math.floor((tick * durationMs) / ticks))
    await settleAll(Array.from({ length: perTick }, () => verifier.verify(unknownKidToken(iat))))
  }
  return { tokens, durationMs, requests: server.count(path) - before }
}

/**
 * (d) Verification latency while the keys are past their TTL and the JWKS endpoint hangs, against the
 * same verifier with fresh keys. Open loop, as requests reach a server: every millisecond (real time:
 * the fetch timeout is real) a few verifications start, whatever earlier ones are doing, and each is
 * timed to its answer. Every token is verified in full (no token cache); the verifier's clock is moved
 * past the 10-minute TTL, within the 1-hour stale limit.
 */
/** A verification this slow waited for the JWKS endpoint (no CPU work takes this long). */
const WAITED_MS = 1_000

export async function staleKeysWhileHanging({ server, key, tokens, path, baselineMs = 2_000, hangingMs = 9_000, perTick = 4 }) {
  server.publish(path, [key.publicJwk])
  let offset = 0
  const verifier = createSessionVerifier({ jwksUrl: server.url(path), audience: AUDIENCE, tokenCache: false, now: () => Date.now() + offset })
  await verifier.verify(tokens[0])
  let next = 0
  const measure = async (durationMs) => {
    const latencies = []
    const pending = []
    let failed = 0
    const end = performance.now() + durationMs
    while (performance.now() < end) {
      for (let index = 0; index < perTick; index++) {
        const started = performance.now()
        pending.push(
          verifier.verify(tokens[next++ % tokens.length]).then(
            () => latencies.push(performance.now() - started),
            () => failed++,
          ),
        )
      }
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
    await Promise.all(pending)
    latencies.sort((a, b) => a - b)
    const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))]
    const waited = latencies.filter((latency) => latency >= WAITED_MS).length
    return { count: latencies.length, failed, waited, p50: at(0.5), p99: at(0.99), max: latencies.at(-1) }
  }
  await measure(500) // warm-up
  const fresh = await measure(baselineMs)
  server.hang(path)
  offset = 11 * 60_000
  const before = server.count(path)
  const hanging = await measure(hangingMs)
  const requests = server.count(path) - before
  server.hang(path, false)
  return { fresh, hanging, hangingMs, requests }
}

/**
 * (c) Key rotation after bogus kids were probed for `leadS` seconds (10 a second). The new key is
 * published at t = 0 and its first token arrives at once, then again every 100 ms until accepted.
 */
async function rotationCase({ server, oldKey, newKeyJwk, newToken, oldToken, leadS, path }) {
  server.publish(path, [oldKey.publicJwk])
  const clock = simulatedClock()
  const verifier = createSessionVerifier({ jwksUrl: server.url(path), audience: AUDIENCE, now: clock.now })
  await verifier.verify(oldToken)
  const t0 = clock.start + 120_000
  const iat = Math.floor(clock.start / 1000)
  const probes = Math.round(leadS * PROBES_PER_S)
  for (let probe = 0; probe < probes; probe++) {
    clock.set(t0 - leadS * 1000 + (probe * 1000) / PROBES_PER_S)
    await verifier.verify(unknownKidToken(iat)).catch(() => {})
  }
  clock.set(t0)
  server.publish(path, [oldKey.publicJwk, newKeyJwk])
  const before = server.count(path)
  for (let elapsed = 0; elapsed <= GIVE_UP_MS; elapsed += RETRY_EVERY_MS) {
    clock.set(t0 + elapsed)
    try {
      await verifier.verify(newToken)
      return { leadS, acceptedAfterMs: elapsed, requests: server.count(path) - before, attempts: elapsed / RETRY_EVERY_MS + 1 }
    } catch {
      // Not yet: the cooldown holds the refetch back.
    }
  }
  return { leadS, acceptedAfterMs: Infinity, requests: server.count(path) - before, attempts: GIVE_UP_MS / RETRY_EVERY_MS + 1 }
}

export async function keyRotation({ server, key, oldToken }) {
  const rotated = newKey(2048)
  const iat = Math.floor(Date.now() / 1000)
  const newToken = mintToken(createPrivateKey(rotated.privatePem), rotated.kid, hankoClaims(iat))
  const cases = []
  for (const leadS of [...JUST_BEFORE_S, ...LONGER_S]) {
    const path = `/rotation/${leadS}.json`
    cases.push(await rotationCase({ server, oldKey: key, newKeyJwk: rotated.publicJwk, newToken, oldToken, leadS, path }))
  }
  const worst = (list) => list.reduce((a, b) => (b.acceptedAfterMs > a.acceptedAfterMs ? b : a))
  return { cases, worst: worst(cases) }
}

function describe(error) {
  if (error === undefined) return undefined
  return `${error.code ?? error.name ?? 'Error'}: ${String(error.message).slice(0, 120)}`
}
