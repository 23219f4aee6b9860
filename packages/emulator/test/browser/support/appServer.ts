import { readFile } from 'node:fs/promises'
import { type Server, createServer } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const APP = fileURLToPath(new URL('../app/', import.meta.url))
/** The published bundle, unmodified: it inlines the SDK and Preact and imports nothing. */
const ELEMENTS = createRequire(import.meta.url).resolve('@teamhanko/hanko-elements')

const FILES: Readonly<Record<string, readonly [path: string, type: string]>> = {
  '/': [join(APP, 'index.html'), 'text/html; charset=utf-8'],
  '/app.js': [join(APP, 'app.js'), 'text/javascript; charset=utf-8'],
  '/elements.js': [ELEMENTS, 'text/javascript; charset=utf-8'],
}

/** The test app: three static files on a free port of 127.0.0.1, opened as `http://localhost:<port>`. */
export interface AppServer {
  readonly url: string
  close(): Promise<void>
}

export async function startAppServer(): Promise<AppServer> {
  const server: Server = createServer((request, response) => {
    const file = FILES[new URL(request.url ?? '/', 'http://localhost').pathname]
    if (request.method !== 'GET' || file === undefined) {
      response.writeHead(404).end()
      return
    }
    readFile(file[0]).then(
      (body) => response.writeHead(200, { 'content-type': file[1], 'cache-control': 'no-store' }).end(body),
      () => response.writeHead(500).end(),
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
