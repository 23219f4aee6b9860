// The load generator: undici's Pool (one keep-alive connection per client, no pipelining) in the
// benchmark's own process, in a closed loop (each client sends its next request as soon as its last
// one is answered) or paced (each client sends one request per interval). undici costs the client
// about a third of what node:http's client does, so more of each measured microsecond is the server's.
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
export function closedLoop(clients, durationMs, task) {
  return runWorkers(clients, durationMs, task, async (deadline, timed) => {
    while (performance.now() < deadline) await timed()
  })
}

/**
 * Like {@link closedLoop}, but each worker starts one task every `intervalMs` on its own timetable (the
 * clients' first ticks spread evenly over one interval, so the load is smooth, not 50 requests at
 * once). A task that overruns its slot delays that client's next one, never skips it; the achieved rate
 * shows whether the server kept up. Latency is measured from the moment a task starts.
 */
export function pacedLoop(clients, durationMs, intervalMs, task) {
  return runWorkers(clients, durationMs, task, async (deadline, timed, index, started) => {
    for (let next = started + (index * intervalMs) / clients; ; next += intervalMs) {
      const wait = next - performance.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      if (performance.now() >= deadline) return
      await timed()
    }
  })
}

/** Runs `clients` copies of `worker(deadline, timed, index, started)`, where `timed()` runs `task` once and records it. */
async function runWorkers(clients, durationMs, task, worker) {
  const latencies = []
  let failures = 0
  let firstFailure
  const timed = async () => {
    const begin = performance.now()
    try {
      await task()
      latencies.push(performance.now() - begin)
    } catch (error) {
      failures++
      firstFailure ??= error
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: clients }, (_, index) => worker(started + durationMs, timed, index, started)))
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
