import { defineConfig } from 'vitest/config'

/** `pnpm vitest` at the root runs every package's suites in one process, for watch mode and IDEs. */
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'packages/*/vitest.*.config.ts'],
  },
})
