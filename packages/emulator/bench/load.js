// The load generator: undici's Pool (one keep-alive connection per client, no pipelining) in the
// benchmark's own process, in a closed loop: each client sends its next request as soon as its last
// one is answered. undici costs the client about a third of what node:http's client does, so more of
// each measured microsecond is the server's.
import { Pool } from 'undici'

/** A pool of `clients` keep-alive connections to `origin`. */
export function createPool(origin, clients) {
  return new Pool(origin, { connections: clients, pipelining: 1 })
}

/** One request; resolves with the status, the headers and the whole body as text. */
export async function send(pool, method, path, headers = {}, body = undefined) {
  const response = await pool.request({ method, path, headers, body })
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() }
}

/**
 * Runs `task` with `clients` workers for `durationMs`; returns the latency (ms) of every completed
 * task, the count of failed ones (a task throws to fail) with the first error, and the elapsed time.
 */
export async function closedLoop(clients, durationMs, task) {
  const latencies = []
  let failures = 0
  let firstFailure
  const started = performance.now()
  const deadline = started + durationMs
  const worker = async () => {
    while (performance.now() < deadline) {
      const begin = performance.now()
      try {
        await task()
        latencies.push(performance.now() - begin)
      } catch (error) {
        failures++
        firstFailure ??= error
      }
    }
  }
  await Promise.all(Array.from({ length: clients }, worker))
  return { latencies, failures, firstFailure, elapsedMs: performance.now() - started }
}

export function quantile(values, q) {
  if (values.length === 0) return Number.NaN
  const sorted = Float64Array.from(values).sort()
  const position = (sorted.length - 1) * q
  const low = Math.floor(position)
  return sorted[low] + (sorted[Math.ceil(position)] - sorted[low]) * (position - low)
}

export function median(values) {
  return quantile(values, 0.5)
}
