// Runs the workload bundle in workerd (miniflare) or edge-runtime from a Node process that run.js pins
// to the measuring CPU (workerd inherits the affinity).  node host.js <workerd|edge> <bundle> <plan JSON>
import { readFile } from 'node:fs/promises'
import { EdgeVM } from '@edge-runtime/vm'
import { Miniflare } from 'miniflare'

const [runtime, bundle, planText] = process.argv.slice(2)
const plan = JSON.parse(planText)

if (runtime === 'edge') {
  const vm = new EdgeVM()
  vm.evaluate(await readFile(bundle, 'utf8'))
  console.log(`BENCH_RESULT ${JSON.stringify(await vm.evaluate('globalThis.benchResult'))}`)
} else {
  const miniflare = new Miniflare({ modules: true, scriptPath: bundle, compatibilityDate: '2026-04-01' })
  try {
    await (await miniflare.dispatchFetch(`http://bench/prepare?count=${plan.count}`, { method: 'POST' })).text()
    const results = { ours: [], jose: [] }
    for (let index = 0; index < plan.warmup + plan.rounds; index++) {
      // Alternating order, as in workload.js (which cannot be imported here: it is bundled for workerd).
      for (const contender of index % 2 === 0 ? ['ours', 'jose'] : ['jose', 'ours']) {
        const started = performance.now()
        const { verified } = await (await miniflare.dispatchFetch(`http://bench/round/${contender}`, { method: 'POST' })).json()
        if (index >= plan.warmup) results[contender].push(verified / ((performance.now() - started) / 1000))
      }
    }
    console.log(`BENCH_RESULT ${JSON.stringify(results)}`)
  } finally {
    await miniflare.dispose()
  }
}
