import { definePackageConfig } from '@hanko-session/build-config/tsup'

export default definePackageConfig({
  entry: { index: 'src/index.ts', msw: 'src/msw.ts', cli: 'src/cli.ts' },
  // The CLI is the one Node-only entry; the library entries use Web APIs only.
  external: ['msw', /^node:/],
}) as object
