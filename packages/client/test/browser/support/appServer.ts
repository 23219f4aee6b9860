import { readFile } from 'node:fs/promises'
import { type Server, createServer } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { dirname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const APP = fileURLToPath(new URL('../app/', import.meta.url))
/** The built store, exactly what the package publishes (turbo builds before `test:browser`). */
const CLIENT_DIST = fileURLToPath(new URL('../../../dist/', import.meta.url))
/** The published elements bundle, unmodified: it inlines its own SDK copy and Preact and imports nothing. */
const ELEMENTS = require.resolve('@teamhanko/hanko-elements')
/** The SDK's ESM build (`exports` → `default`), self-contained: the store's one import. `require` finds its CJS twin beside it. */
const SDK = join(dirname(require.resolve('@teamhanko/hanko-frontend-sdk')), 'sdk.modern.js')

const JS = 'text/javascript; charset=utf-8'
const FILES: Readonly<Record<string, readonly [path: string, type: string]>> = {
  '/': [join(APP, 'index.html'), 'text/html; charset=utf-8'],
  '/app.js': [join(APP, 'app.js'), JS],
  '/elements.js': [ELEMENTS, JS],
  '/sdk.js': [SDK, JS],
}

/** Maps a request path to a file: the fixed ones above, or a `.js` file of the client's `dist`. */
function fileFor(pathname: string): readonly [path: string, type: string] | undefined {
  const fixed = FILES[pathname]
  if (fixed !== undefined) return fixed
  if (!pathname.startsWith('/client/') || !pathname.endsWith('.js')) return undefined
  const path = normalize(join(CLIENT_DIST, pathname.slice('/client/'.length)))
  return path.startsWith(CLIENT_DIST) ? [path, JS] : undefined
}

/** The test app on a free port of 127.0.0.1, opened as `http://localhost:<port>` (WebAuthn needs a name). */
export interface AppServer {
  readonly url: string
  close(): Promise<void>
}

export async function startAppServer(): Promise<AppServer> {
  const server: Server = createServer((request, response) => {
    const file = fileFor(new URL(request.url ?? '/', 'http://localhost').pathname)
    if (request.method !== 'GET' || file === undefined) {
      response.writeHead(404).end()
      return
    }
    readFile(file[0]).then(
      (body) => response.writeHead(200, { 'content-type': file[1], 'cache-control': 'no-store' }).end(body),
      () => response.writeHead(404).end(),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://localhost:${port}`,
    close: () => {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
