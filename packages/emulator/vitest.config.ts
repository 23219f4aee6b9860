import { definePackageTestConfig } from '@hanko-session/build-config/vitest'
import { configDefaults } from 'vitest/config'

/**
 * Node by default; the suites that drive the real Hanko SDK opt into jsdom with a file comment. The
 * Chromium suite in `test/browser/` has its own config (`pnpm test:browser`).
 */
export default definePackageTestConfig({
  test: { name: 'emulator', exclude: [...configDefaults.exclude, 'test/browser/**'] },
})
