import { defineConfig } from 'tsup'

/**
 * The one tsup configuration every publishable package builds with: ESM only, with declarations,
 * for every JavaScript runtime. Per-package `tsup.config.ts` files pass their entries and nothing else
 * unless they have a reason.
 *
 * ESM only on purpose: jose 6 is ESM only, and Node 20.19+ loads ESM from `require()`.
 * Options stay within what tsdown accepts, so the move to tsup's successor is a rename.
 *
 * @param {import('tsup').Options & { entry: import('tsup').Options['entry'] }} options
 */
export function definePackageConfig(options) {
  return defineConfig({
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
    splitting: true,
    treeshake: true,
    // Keep `node:` specifiers: Deno and Bun resolve builtins by them, and bare `crypto` means a package.
    removeNodeProtocol: false,
    ...options,
  })
}
