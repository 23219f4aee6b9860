import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { createEmulator } from '../lib/createEmulator.js'
import type { EmulatorControls } from '../lib/emulatorControls.js'
import type { PasscodeEvent } from '../HankoEmulatorOptions.js'
import { DataFileWriter, readDataFile } from './dataFile.js'
import { createNodeServer } from './nodeAdapter.js'
import { type CliSettings, USAGE, parseCliArgs } from './parseCliArgs.js'
import { runTokenCommand } from './tokenCommand.js'

/** Where the CLI writes; injectable so the CLI can be driven in-process. */
export interface CliOutput {
  out(line: string): void
  err(line: string): void
}

const STDIO: CliOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}

/**
 * Runs `hanko-emulator` (or its `token` subcommand, see {@link runTokenCommand}): parses the flags, restores the data file, serves the emulator on node:http
 * and prints where it listens and every passcode. Resolves with the running server; SIGINT and
 * SIGTERM close it, write the data file and exit.
 */
export async function runCli(argv: readonly string[], output: CliOutput = STDIO): Promise<Server | undefined> {
  const started = performance.now()
  if (argv[0] === 'token') {
    await runTokenCommand(argv.slice(1), output)
    return undefined
  }
  let settings: CliSettings
  try {
    settings = parseCliArgs(argv)
  } catch (error) {
    output.err(`hanko-emulator: ${(error as Error).message}\n\n${USAGE}`)
    process.exitCode = 2
    return undefined
  }
  if (settings.help) {
    output.out(USAGE)
    return undefined
  }
  const { dataFile } = settings
  let writer: DataFileWriter | undefined
  let server: Server
  let emulator: EmulatorControls
  let basePath = ''
  try {
    const snapshot = dataFile === undefined ? undefined : await readDataFile(dataFile)
    const parts = createEmulator({
      ...settings.options,
      ...(snapshot === undefined ? {} : { snapshot }),
      onPasscode: (event) => output.out(describePasscode(event, emulator.clock.now())),
      onChange: () => writer?.schedule(),
    })
    emulator = parts.controls
    basePath = parts.basePath
    await emulator.ready()
    if (dataFile !== undefined) {
      writer = new DataFileWriter(dataFile, () => emulator.snapshot(), (error) => output.err(`hanko-emulator: could not write ${dataFile}: ${String(error)}`))
      // Written at once, so the signing key (and every token it signs) survives even a restart without changes.
      writer.schedule()
    }
    server = await listen(createNodeServer(parts.handle), settings.port, settings.host)
  } catch (error) {
    output.err(`hanko-emulator: ${(error as Error).message}`)
    process.exitCode = 1
    return undefined
  }
  // Before the "listening" line: a script may send SIGTERM as soon as it reads it, and the data file
  // must still be flushed.
  const stop = (): void => {
    server.close()
    server.closeAllConnections()
    void (writer?.flush() ?? Promise.resolve()).finally(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  const { port } = server.address() as AddressInfo
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host
  const apiUrl = `http://${host}:${port}${basePath}`
  output.out(`Hanko emulator listening on ${apiUrl} (ready in ${Math.round(performance.now() - started)} ms)`)
  if (!settings.quiet) {
    const { tokenDelivery = 'header' } = settings.options
    output.out(`  token delivery: ${tokenDelivery === 'header' ? 'X-Auth-Token header' : 'HttpOnly cookie'}${dataFile === undefined ? '' : `; data: ${dataFile}`}`)
    output.out(`  dev controls:   ${apiUrl}/__emulator`)
  }
  return server
}

function listen(server: Server, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} on ${host} is in use; pick another with --port.`) : error)
    })
    server.listen(port, host, () => resolve(server))
  })
}

/** `now` is the emulator clock, which `expiresAt` is measured by (it may have been moved). */
function describePasscode(event: PasscodeEvent, now: number): string {
  if (event.code === undefined) {
    const reason = event.template === 'email_login_attempted' ? 'no account has this address' : 'the address is already registered'
    return `passcode  ${event.email}: none sent (${reason}; Hanko mails no code then)`
  }
  return `passcode  ${event.email}: ${event.code}  (${event.flow}, valid ${Math.round((event.expiresAt.getTime() - now) / 60_000)} min)`
}
