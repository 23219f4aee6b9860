// Entry for runtimes that run a script file: Node, Bun and Deno.
import { runConformance } from './runConformance.js'

const runtime =
  'Bun' in globalThis ? `bun ${(globalThis as unknown as { Bun: { version: string } }).Bun.version}`
  : 'Deno' in globalThis ? `deno ${(globalThis as unknown as { Deno: { version: { deno: string } } }).Deno.version.deno}`
  : `node ${(globalThis as unknown as { process: { version: string } }).process.version}`

console.log(`CONFORMANCE_REPORT ${JSON.stringify(await runConformance(runtime))}`)
