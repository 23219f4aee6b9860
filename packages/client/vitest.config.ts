import { definePackageTestConfig } from '@hanko-session/build-config/vitest'
import { configDefaults } from 'vitest/config'

/**
 * jsdom for every suite: the store drives the real Hanko SDK, which needs a document. The Chromium suite
 * in `test/browser/` has its own config (`pnpm test:browser`).
 */
export default definePackageTestConfig({
  // testTimeout: every test drives the real SDK through msw; under `pnpm test` the packages' suites share
  // two cores, and a test that takes 1 s alone can take 5 s there.
  test: { name: 'client', environment: 'jsdom', testTimeout: 20_000, exclude: [...configDefaults.exclude, 'test/browser/**'] },
})
