import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/**
 * What the README blocks import besides our packages, pinned so that a run today and a run next month
 * check the same thing. A block that imports something new fails to type-check until it is added here.
 */
export const BLOCK_DEPENDENCIES = {
  '@playwright/test': '1.65.1',
  '@teamhanko/hanko-elements': '2.7.0',
  '@teamhanko/hanko-frontend-sdk': '3.0.0',
  '@types/bun': '1.4.4',
  '@types/deno': '2.7.0',
  '@types/express': '5.0.6',
  '@types/node': '20.19.43',
  express: '5.3.0',
  hono: '4.13.19',
  jsdom: '26.1.0',
  msw: '2.15.0',
  tsx: '4.23.15',
  typescript: '5.9.3',
  vitest: '4.1.12',
  zod: '4.6.7',
}

/** The packages a user installs, by workspace directory. */
export const PUBLISHED_PACKAGES = { '@hanko-session/core': 'packages/core', '@hanko-session/emulator': 'packages/emulator', '@hanko-session/client': 'packages/client' }

/**
 * A new npm project in the OS temp directory, outside the workspace, with our packages installed from
 * the tarballs `pnpm pack` makes (what npm would publish) and the block dependencies from the registry.
 * The packages must be built first (`turbo run test` builds them).
 *
 * @param {{ repositoryRoot: string, templateDirectory: string }} options
 * @returns {Promise<string>} The project's directory.
 */
export async function createFreshProject({ repositoryRoot, templateDirectory }) {
  const directory = await mkdtemp(join(tmpdir(), 'hanko-session-readme-'))
  try {
    await populate(directory, { repositoryRoot, templateDirectory })
    return directory
  } catch (error) {
    await removeFreshProject(directory)
    throw error
  }
}

async function populate(directory, { repositoryRoot, templateDirectory }) {
  const tarballs = join(directory, 'tarballs')
  await mkdir(tarballs)
  const dependencies = { ...BLOCK_DEPENDENCIES, 'readme-test': 'file:./readme-test' }
  for (const [name, packageDirectory] of Object.entries(PUBLISHED_PACKAGES)) {
    const source = join(repositoryRoot, packageDirectory)
    await stat(join(source, 'dist')).catch(() => {
      throw new Error(`${name} is not built: run \`pnpm build\` (or \`pnpm test\`, which builds first).`)
    })
    const before = new Set(await readdir(tarballs))
    await run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: source })
    const tarball = (await readdir(tarballs)).find((file) => !before.has(file))
    dependencies[name] = `file:./tarballs/${tarball}`
  }
  await cp(templateDirectory, directory, { recursive: true })
  await writeFile(
    join(directory, 'package.json'),
    JSON.stringify({ name: 'readme-blocks', private: true, type: 'module', dependencies }, null, 2),
  )
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: directory,
    maxBuffer: 16 * 1024 * 1024,
    timeout: 10 * 60_000,
  })
}

/** @param {string} directory */
export async function removeFreshProject(directory) {
  await rm(directory, { recursive: true, force: true })
}
