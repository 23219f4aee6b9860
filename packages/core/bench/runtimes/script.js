// Entry for Bun, Deno and edge-runtime: measures, then prints one JSON line (or, in edge-runtime's VM,
// leaves the promise on globalThis for the host). The plan is inlined at bundle time.
import { measure } from './workload.js'

const result = measure(JSON.parse(globalThis.BENCH_PLAN))
globalThis.benchResult = result
if (typeof globalThis.EdgeRuntime !== 'string') void result.then((results) => console.log(`BENCH_RESULT ${JSON.stringify(results)}`))
