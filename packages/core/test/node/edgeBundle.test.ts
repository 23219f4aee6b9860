/**
 * What an Edge bundler pulls in from the built package. Next.js warns "A Node.js API is used" for every
 * module of an Edge route or middleware that mentions `node:` builtins, `process`, `setImmediate` or
 * `CompressionStream` (which it counts as a Node API), even when the bundle later drops that module:
 * so the module graph itself, not only the output, must be clean under the Edge conditions.
 */
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { build, transform } from 'esbuild'
import { describe, expect, it } from 'vitest'

const packageRoot = fileURLToPath(new URL('../..', import.meta.url))
/** Next.js's `edgeConditionNames`, and Vercel's and Cloudflare's. */
const EDGE_CONDITIONS = [['edge-light', 'worker', 'browser'], ['workerd', 'worker', 'browser']]
/** APIs Next.js's Edge check flags (from its list of unsupported APIs); Node builtins are checked on the module graph. */
const FLAGGED = /\b(?:setImmediate|clearImmediate|CompressionStream|DecompressionStream|BroadcastChannel|process\.(?!env\b)\w+)\b/

async function edgeModuleGraph(conditions: readonly string[]): Promise<Record<string, { bytes: number; imports: { path: string }[] }>> {
  const result = await build({
    stdin: { contents: "export { createSessionVerifier, getSessionToken } from '@hanko-session/core'", resolveDir: packageRoot },
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    conditions: [...conditions],
    mainFields: ['module', 'main'],
    external: ['node:*'],
    logLevel: 'silent',
    // This package's tsconfig maps #crypto to the source for type checking; users resolve through package.json.
    tsconfigRaw: {},
  })
  return result.metafile.inputs
}

describe('the built package under Edge conditions', () => {
  it.each(EDGE_CONDITIONS.map((conditions) => [conditions.join(', '), conditions] as const))('reaches no Node builtin and no API that Next.js flags (%s)', async (_, conditions) => {
    const inputs = await edgeModuleGraph(conditions)
    const files = Object.keys(inputs).filter((file) => file !== '<stdin>')
    expect(files.some((file) => file.endsWith('dist/crypto/web.js'))).toBe(true)
    expect(files.filter((file) => file.endsWith('dist/crypto/node.js'))).toEqual([])
    expect(Object.values(inputs).flatMap((input) => input.imports.map((imported) => imported.path)).filter((path) => path.startsWith('node:'))).toEqual([])
    const flagged: string[] = []
    for (const file of files) {
      // Code only: a doc comment that shows `import … from 'node:http'` is not an import.
      const { code } = await transform(await readFile(`${packageRoot}/${file}`, 'utf8'), { loader: 'js', legalComments: 'none' })
      if (FLAGGED.test(code)) flagged.push(file)
    }
    expect(flagged).toEqual([])
  })
})
