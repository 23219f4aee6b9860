import { fileURLToPath } from 'node:url'
import { definePackageTestConfig } from '@hanko-session/build-config/vitest'
import { configDefaults } from 'vitest/config'

/** The suite of `vitest.config.ts`, with the WebCrypto backend of Bun, Deno, workerd and Vercel Edge. */
export default definePackageTestConfig({
  // The workerd test bundles the built package itself, so running it twice would prove nothing new.
  test: { name: 'core · WebCrypto', exclude: [...configDefaults.exclude, 'test/node/workerd.test.ts'] },
  resolve: { alias: { '@hanko-session/core': fileURLToPath(new URL('./src/index.ts', import.meta.url)), '#crypto': fileURLToPath(new URL('./src/lib/crypto/web.ts', import.meta.url)) } },
})
