import { definePackageTestConfig } from '@hanko-session/build-config/vitest'

/** Node by default; the suites that drive the real Hanko SDK opt into jsdom with a file comment. */
export default definePackageTestConfig({
  test: { name: 'emulator' },
})
