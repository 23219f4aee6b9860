import { fileURLToPath } from 'node:url'
import { definePackageTestConfig } from '@hanko-session/build-config/vitest'

/**
 * The suite with the node:crypto backend that Node users get. `vitest.webcrypto.config.ts` runs the
 * same files with the WebCrypto backend every other runtime gets: both must decide every case alike.
 */
export default definePackageTestConfig({
  test: { name: 'core · node:crypto' },
  resolve: { alias: { '@hanko-session/core': fileURLToPath(new URL('./src/index.ts', import.meta.url)), '#crypto': fileURLToPath(new URL('./src/lib/crypto/node.ts', import.meta.url)) } },
})
