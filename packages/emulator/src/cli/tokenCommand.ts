import { parseArgs } from 'node:util'
import { readCappedBody } from '../lib/emulatorRequest.js'
import { isPlainObject, parseJson } from '../lib/http.js'
import { LIMITS } from '../lib/limits.js'
import type { CliOutput } from './runCli.js'

const TOKEN_USAGE = `Usage: hanko-emulator token <email> [options]

Logs <email> in on a running emulator, through its Flow API as a browser would
(POST <url>/__emulator/login), and prints the session token:

  curl -H "Authorization: Bearer $(npx hanko-emulator token alice@example.com)" http://localhost:8000/me

An unknown address is registered first. The running emulator prints the passcode as usual.

Options:
  --url <url>      The running emulator's API URL (default http://localhost:8000)
  --no-register    Fail instead of registering an unknown address
  --json           Print {"token", "userId", "sessionId", "expiresAt", "flow"} instead of the token
  -h, --help       Show this help
`

/** How long to wait for the running emulator; a login takes milliseconds, so this only catches a hung server. */
const TIMEOUT_MS = 10_000

/**
 * `hanko-emulator token <email>`: asks a running emulator over HTTP to log `email` in and prints the
 * token. Sets `process.exitCode` to 2 for bad usage and 1 when the emulator is unreachable or refuses.
 */
export async function runTokenCommand(argv: readonly string[], output: CliOutput): Promise<void> {
  let email: string
  let settings: { url: URL; register: boolean; json: boolean }
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        url: { type: 'string', default: 'http://localhost:8000' },
        'no-register': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    })
    if (values.help) {
      output.out(TOKEN_USAGE)
      return
    }
    if (positionals.length !== 1) throw new Error(`give exactly one email address, got ${positionals.length}.`)
    email = positionals[0]!
    settings = { url: apiUrl(values.url), register: !values['no-register'], json: values.json }
  } catch (error) {
    output.err(`hanko-emulator token: ${(error as Error).message}\n\n${TOKEN_USAGE}`)
    process.exitCode = 2
    return
  }
  const endpoint = new URL('__emulator/login', settings.url)
  let response: Response
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, register: settings.register }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
  } catch (error) {
    output.err(`hanko-emulator token: no emulator answered at ${settings.url.href} (${describeFailure(error)}). Start one with "npx hanko-emulator", or pass --url.`)
    process.exitCode = 1
    return
  }
  // Whatever answers at --url is read under the emulator's body cap: the login answer is well under 1 KiB.
  const read = await readCappedBody({ body: response.body, declaredLength: response.headers.get('content-length') }, LIMITS.maxBodyBytes)
  const parsed = read.kind === 'text' ? parseJson(read.text)?.value : undefined
  const body = isPlainObject(parsed) ? parsed : undefined
  if (response.status !== 201 || typeof body?.['token'] !== 'string') {
    const reason = typeof body?.['message'] === 'string' ? `${body['message']}${typeof body['error'] === 'string' ? ` (${body['error']})` : ''}` : `HTTP ${response.status}`
    const hint = response.status === 404 ? ' Is it a hanko-emulator with dev routes on?' : ''
    output.err(`hanko-emulator token: ${endpoint.href} refused: ${reason}.${hint}`)
    process.exitCode = 1
    return
  }
  output.out(settings.json ? JSON.stringify(body, null, 2) : body['token'])
}

/** The API URL with a trailing slash, so `__emulator/login` resolves below a path such as `/<tenant>`. */
function apiUrl(value: string): URL {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new Error(`--url must be an absolute http(s) URL such as http://localhost:8000, got ${JSON.stringify(value)}.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--url must use http:// or https://, got ${JSON.stringify(value)}.`)
  if (!url.pathname.endsWith('/')) url.pathname += '/'
  url.search = ''
  url.hash = ''
  return url
}

function describeFailure(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer in ${TIMEOUT_MS / 1000} s`
  const cause = (error as { cause?: { code?: unknown } }).cause
  return typeof cause?.code === 'string' ? cause.code : String(error)
}
