import { defineConfig } from 'vitest/config'

/**
 * `pnpm vitest` at the root runs every package's unit suites in one process, for watch mode and IDEs.
 * Browser suites (`vitest.browser.config.ts`) need a build and Chromium: run them with `pnpm test:browser`.
 */
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'packages/*/vitest.*.config.ts', '!packages/*/vitest.browser.config.ts'],
  },
})
