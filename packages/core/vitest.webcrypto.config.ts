import { fileURLToPath } from 'node:url'
import { definePackageTestConfig } from '@hanko-session/build-config/vitest'

/** The suite of `vitest.config.ts`, with the WebCrypto backend of Bun, Deno, workerd and Vercel Edge. */
export default definePackageTestConfig({
  test: { name: 'core · WebCrypto' },
  resolve: { alias: { '@hanko-session/core': fileURLToPath(new URL('./src/index.ts', import.meta.url)), '#crypto': fileURLToPath(new URL('./src/lib/crypto/web.ts', import.meta.url)) } },
})
