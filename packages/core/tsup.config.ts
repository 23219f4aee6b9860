import { definePackageConfig } from '@hanko-session/build-config/tsup'

export default definePackageConfig({
  entry: { index: 'src/index.ts', 'crypto/node': 'src/lib/crypto/node.ts', 'crypto/web': 'src/lib/crypto/web.ts' },
  external: ['#crypto', 'node:crypto', 'node:buffer'],
}) as object
