import { definePackageTestConfig } from '@hanko-session/build-config/vitest'

/** jsdom for every suite: the store drives the real Hanko SDK, which needs a document. */
export default definePackageTestConfig({
  // testTimeout: every test drives the real SDK through msw; under `pnpm test` the packages' suites share
  // two cores, and a test that takes 1 s alone can take 5 s there.
  test: { name: 'client', environment: 'jsdom', testTimeout: 20_000 },
})
