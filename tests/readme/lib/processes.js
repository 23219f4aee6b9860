import { spawn } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'

/**
 * Runs a command to its end. Never rejects: the result says how it ended.
 *
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv, timeoutMs: number }} options
 * @returns {Promise<{ code: number | null, output: string, timedOut: boolean }>}
 */
export function runToEnd(command, args, { cwd, env, timeoutMs }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    let timedOut = false
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const timer = setTimeout(() => {
      timedOut = true
      killGroup(child)
    }, timeoutMs)
    child.on('error', (error) => (output += String(error)))
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, output, timedOut })
    })
  })
}

/**
 * Starts a long-running command in its own process group, so that stopping it also stops whatever it
 * spawned (npx runs the bin in a child process).
 *
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv }} options
 */
export function startProcess(command, args, { cwd, env }) {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  const state = { output: '', exited: false, code: /** @type {number | null} */ (null), signal: /** @type {string | null} */ (null) }
  child.stdout.on('data', (chunk) => (state.output += chunk))
  child.stderr.on('data', (chunk) => (state.output += chunk))
  const closed = new Promise((resolve) => {
    child.on('error', (error) => (state.output += String(error)))
    child.on('close', (code, signal) => {
      state.exited = true
      state.code = code
      state.signal = signal
      resolve(undefined)
    })
  })
  return {
    state,
    /** Waits until the output matches, the process exits, or the time is up. */
    async waitForOutput(pattern, timeoutMs) {
      const deadline = Date.now() + timeoutMs
      while (Date.now() < deadline && !state.exited) {
        const match = pattern.exec(state.output)
        if (match !== null) return match
        await sleep(25)
      }
      return pattern.exec(state.output)
    },
    /** SIGTERM to the group, SIGKILL if it is still there after 5 s; resolves with the exit code (null after a signal). */
    async stop() {
      if (!state.exited) {
        killGroup(child, 'SIGTERM')
        const forced = setTimeout(() => killGroup(child, 'SIGKILL'), 5000)
        await closed
        clearTimeout(forced)
      }
      return state.code
    },
  }
}

function killGroup(child, signal = 'SIGKILL') {
  try {
    process.kill(-child.pid, signal)
  } catch {
    // Already gone.
  }
}
