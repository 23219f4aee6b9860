import { definePackageTestConfig } from '@hanko-session/build-config/vitest'

/**
 * The browser proof (`pnpm test:browser`): the built store and the real `@teamhanko/hanko-elements` in
 * Debian's Chromium, driven by playwright-core from Node, against the built `hanko-emulator` CLI. Not
 * part of `pnpm test`: it needs Chromium (`CHROMIUM_PATH`, default `/usr/bin/chromium`) and the build.
 */
export default definePackageTestConfig({
  test: {
    name: 'client · browser',
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
})
