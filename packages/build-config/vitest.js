import { defineProject } from 'vitest/config'

/**
 * Shared vitest defaults: tests live beside the code in `src/__tests__/` (and `test/` for suites that
 * span the package), run in Node unless a project says otherwise, and never reach the network.
 *
 * @param {import('vitest/config').UserWorkspaceConfig} config
 */
export function definePackageTestConfig(config = {}) {
  return defineProject({
    ...config,
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      environment: 'node',
      restoreMocks: true,
      unstubGlobals: true,
      ...config.test,
    },
  })
}
