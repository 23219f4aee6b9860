/**
 * Runs the whole conformance suite in whatever runtime this is bundled for, against the BUILT package
 * (`@hanko-session/core` resolved to dist/ with the runtime's export conditions), and reports plain JSON.
 */
import { backend } from '#crypto'
import { createFixture, groups } from '../conformance/index.js'

export interface RuntimeReport {
  runtime: string
  /** Which crypto backend the runtime's export conditions selected. */
  backend: string
  total: number
  passed: number
  failures: { id: string; title: string; error: string }[]
  durationMs: number
}

export async function runConformance(runtime: string): Promise<RuntimeReport> {
  const started = Date.now()
  const fixture = await createFixture()
  const failures: RuntimeReport['failures'] = []
  let total = 0
  for (const group of groups) {
    for (const conformanceCase of group.cases) {
      total++
      try {
        await conformanceCase.run(fixture)
      } catch (error) {
        failures.push({ id: conformanceCase.id, title: conformanceCase.title, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) })
      }
    }
  }
  return { runtime, backend: backend.name, total, passed: total - failures.length, failures, durationMs: Date.now() - started }
}
