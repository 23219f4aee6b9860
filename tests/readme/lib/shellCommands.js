import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { runToEnd, startProcess } from './processes.js'
import { PUBLISHED_PACKAGES } from './freshProject.js'

/**
 * Checks the commands of a `sh` block, one line at a time (`a && b` are two commands). Each command
 * either runs in the fresh project or, when running it here makes no sense (installing from the
 * registry, the repository's own scripts), is checked for what can go stale: package names, script
 * names, the pinned pnpm version. A command no rule knows fails, so a new kind of command gets a rule
 * (here) or the block gets a `<!-- readme-test: skip: why -->` marker.
 *
 * @param {string} code
 * @param {{ repositoryRoot: string, projectDirectory: string }} context
 * @returns {Promise<{ ran: string[], checked: string[], failures: string[] }>}
 */
export async function checkShellBlock(code, context) {
  const result = { ran: [], checked: [], failures: [] }
  for (const line of code.split('\n')) {
    const text = line.replace(/(^|\s)#.*$/, '').trim()
    if (text === '') continue
    for (const command of text.split('&&').map((part) => part.trim())) {
      const words = command.split(/\s+/)
      const rule = RULES.find((candidate) => candidate.matches(words))
      if (rule === undefined) {
        result.failures.push(`\`${command}\`: no rule for this command in tests/readme/lib/shellCommands.js`)
        continue
      }
      const failure = await rule.check(words, context)
      if (failure !== undefined) result.failures.push(`\`${command}\`: ${failure}`)
      else result[rule.runs ? 'ran' : 'checked'].push(command)
    }
  }
  return result
}

const RULES = [
  {
    // Installing from the registry: the harness installs the packed tarballs instead.
    matches: (words) => /^(npm (install|i|add)|pnpm (add|install|i)|yarn add|bun add)$/.test(words.slice(0, 2).join(' ')) && words.length > 2,
    runs: false,
    async check(words, { repositoryRoot }) {
      const known = await installableNames(repositoryRoot)
      const names = words.slice(2).filter((word) => !word.startsWith('-')).map((word) => word.replace(/(.)@[^/]*$/, '$1'))
      const unknown = names.filter((name) => !known.has(name))
      return unknown.length === 0 ? undefined : `not one of our packages or their (peer) dependencies: ${unknown.join(', ')}`
    },
  },
  {
    // The repository's own commands (run in a clone): the pnpm they pin and the scripts they name.
    matches: (words) => /^pnpm@/.test(words[1] ?? '') && words[0] === 'npx',
    runs: false,
    async check(words, { repositoryRoot }) {
      const manifest = JSON.parse(await readFile(join(repositoryRoot, 'package.json'), 'utf8'))
      const pinned = manifest.packageManager
      if (`pnpm@${words[1].slice('pnpm@'.length)}` !== pinned) return `the repository pins ${pinned}`
      const script = words[2]
      if (script !== 'install' && manifest.scripts?.[script] === undefined) return `the root package.json has no "${script}" script`
      return undefined
    },
  },
  {
    // The emulator's CLI, run as written in the fresh project: a server must come up and stop cleanly.
    matches: (words) => words[0] === 'npx' && words[1] === 'hanko-emulator',
    runs: true,
    async check(words, { projectDirectory }) {
      // What npx runs for a package installed in the project (without npx's own process in between,
      // which would turn the emulator's clean exit on SIGTERM into a signal death).
      const bin = join(projectDirectory, 'node_modules', '.bin', words[1])
      const server = startProcess(bin, words.slice(2), { cwd: projectDirectory, env: process.env })
      const listening = await server.waitForOutput(/listening on (http:\/\/\S+)/, 20_000)
      // As a person would, not within a millisecond of the banner: the CLI sets up its SIGTERM handler
      // just after printing it, and a signal before that ends the process without its clean shutdown.
      await sleep(250)
      const code = await server.stop()
      const output = server.state.output.trim().split('\n').slice(-6).join('\n')
      if (listening === null && code !== 0) return `exited with ${code}:\n${output}`
      if (code !== 0) return `did not stop cleanly on SIGTERM (${code === null ? `ended by ${server.state.signal}` : `exit ${code}`}):\n${output}`
      const dataIndex = words.indexOf('--data')
      if (dataIndex !== -1) {
        const file = join(projectDirectory, words[dataIndex + 1])
        if (!(await stat(file).then(() => true, () => false))) return `no data file ${words[dataIndex + 1]} after SIGTERM`
      }
      return undefined
    },
  },
]

async function installableNames(repositoryRoot) {
  const names = new Set(Object.keys(PUBLISHED_PACKAGES))
  for (const directory of Object.values(PUBLISHED_PACKAGES)) {
    const manifest = JSON.parse(await readFile(join(repositoryRoot, directory, 'package.json'), 'utf8'))
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) names.add(name)
  }
  return names
}

/**
 * Runs a whole `sh` block as one bash script (`-e -o pipefail`) in the fresh project, while the
 * emulator CLI from the tarball listens on http://localhost:8000 as the block expects: for
 * walk-throughs whose lines share variables and talk to a running emulator.
 *
 * @param {string} code
 * @param {{ projectDirectory: string, emulatorFlags: string[], prints: string | undefined, env: NodeJS.ProcessEnv }} options
 * @returns {Promise<string | undefined>} Why it failed, if it did.
 */
export async function runShellScript(code, { projectDirectory, emulatorFlags, prints, env }) {
  const bin = join(projectDirectory, 'node_modules', '.bin', 'hanko-emulator')
  const emulator = startProcess(bin, ['--port', '8000', ...emulatorFlags], { cwd: projectDirectory, env })
  try {
    if ((await emulator.waitForOutput(/listening on (http:\/\/\S+)/, 20_000)) === null) {
      return `the emulator did not start on port 8000:\n${emulator.state.output.trim()}`
    }
    const result = await runToEnd('bash', ['-e', '-o', 'pipefail', '-c', code], { cwd: projectDirectory, env, timeoutMs: 60_000 })
    const tail = result.output.trim().split('\n').slice(-20).join('\n')
    if (result.timedOut) return `did not end within 60 s:\n${tail}`
    if (result.code !== 0) return `exited with ${result.code}:\n${tail}`
    if (prints !== undefined && !result.output.includes(prints)) return `its output lacks ${JSON.stringify(prints)}:\n${tail}`
    return undefined
  } finally {
    await emulator.stop()
  }
}
