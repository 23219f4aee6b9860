import { EmulatorError } from '../EmulatorError.js'
import type { Fault, FaultRule } from '../Fault.js'
import { uuid } from './ids.js'
import { LIMITS } from './limits.js'

const MAX_LATENCY_MS = 120_000

interface FaultEntry {
  readonly id: string
  readonly rule: Readonly<FaultRule>
  remaining: number | undefined
  hits: number
}

/**
 * The injected faults, matched in the order they were added: the first fault whose path and method
 * match a request applies to it (and counts down its `times`).
 */
export class FaultInjector {
  private entries: FaultEntry[] = []

  inject(rule: FaultRule): Fault {
    const checked = checkRule(rule)
    if (this.entries.length >= LIMITS.maxFaults) {
      throw new EmulatorError('ERR_LIMIT_REACHED', `At most ${LIMITS.maxFaults} faults can be active; clear some first.`)
    }
    const entry: FaultEntry = { id: uuid(), rule: checked, remaining: checked.times, hits: 0 }
    this.entries.push(entry)
    return view(entry)
  }

  remove(id: string): boolean {
    const before = this.entries.length
    this.entries = this.entries.filter((entry) => entry.id !== id)
    return this.entries.length !== before
  }

  clear(): void {
    this.entries = []
  }

  list(): Fault[] {
    return this.entries.map(view)
  }

  /** The fault for this request, if any; consumes one of its `times`. */
  take(method: string, path: string): Readonly<FaultRule> | undefined {
    const entry = this.entries.find((candidate) => matches(candidate.rule, method, path))
    if (entry === undefined) return undefined
    entry.hits++
    if (entry.remaining !== undefined) {
      entry.remaining--
      if (entry.remaining <= 0) this.remove(entry.id)
    }
    return entry.rule
  }
}

function matches(rule: Readonly<FaultRule>, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method) return false
  if (rule.path === '*') return true
  if (rule.path.endsWith('*')) return path.startsWith(rule.path.slice(0, -1))
  return path === rule.path
}

function view(entry: FaultEntry): Fault {
  return { ...entry.rule, id: entry.id, remaining: entry.remaining, hits: entry.hits }
}

function checkRule(rule: FaultRule): FaultRule {
  if (rule === null || typeof rule !== 'object') invalid('pass { path, kind, … }')
  const { path, method, kind, latencyMs, status, times } = rule
  if (typeof path !== 'string' || !(path === '*' || path.startsWith('/')) || path.length > 512) invalid('"path" must be "*" or start with "/"')
  if (path.startsWith('/__emulator')) invalid('the /__emulator routes cannot be faulted')
  if (method !== undefined && (typeof method !== 'string' || !/^[A-Za-z]{1,16}$/.test(method))) invalid('"method" must be an HTTP method')
  if (kind !== 'latency' && kind !== 'error' && kind !== 'drop') invalid('"kind" must be "latency", "error" or "drop"')
  if (latencyMs !== undefined && (typeof latencyMs !== 'number' || !Number.isFinite(latencyMs) || latencyMs < 0 || latencyMs > MAX_LATENCY_MS)) {
    invalid(`"latencyMs" must be a number from 0 to ${MAX_LATENCY_MS}`)
  }
  if (kind === 'latency' && latencyMs === undefined) invalid('a "latency" fault needs "latencyMs"')
  if (status !== undefined && (kind !== 'error' || !Number.isInteger(status) || status < 500 || status > 599)) {
    invalid('"status" applies to "error" faults and must be 500 to 599')
  }
  if (times !== undefined && (!Number.isSafeInteger(times) || times < 1)) invalid('"times" must be a whole number of at least 1')
  const checked: FaultRule = { path, kind }
  if (method !== undefined) checked.method = method.toUpperCase()
  if (latencyMs !== undefined) checked.latencyMs = latencyMs
  if (kind === 'error') checked.status = status ?? 503
  if (times !== undefined) checked.times = times
  return checked
}

function invalid(detail: string): never {
  throw new EmulatorError('ERR_INVALID_ARGUMENT', `Invalid fault: ${detail}.`)
}
