import { definePackageTestConfig } from '@hanko-session/build-config/vitest'

/** jsdom for every suite: the store drives the real Hanko SDK, which needs a document. */
export default definePackageTestConfig({
  test: { name: 'client', environment: 'jsdom' },
})
