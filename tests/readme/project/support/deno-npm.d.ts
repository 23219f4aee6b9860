// Deno resolves `npm:` specifiers to the npm package; tsc does not know the scheme, so say it here.
declare module 'npm:@hanko-session/core' {
  export * from '@hanko-session/core'
}
