// Entry for Vercel's edge-runtime: the VM evaluates this script and awaits the global promise.
import { runConformance } from './runConformance.js'

;(globalThis as unknown as { conformance: Promise<unknown> }).conformance = runConformance('edge-runtime')
