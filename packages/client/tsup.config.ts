import { definePackageConfig } from '@hanko-session/build-config/tsup'

export default definePackageConfig({
  entry: { index: 'src/index.ts', testing: 'src/testing.ts' },
  external: ['@teamhanko/hanko-frontend-sdk'],
}) as object
