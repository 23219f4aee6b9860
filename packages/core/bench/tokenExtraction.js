// How long reading the token of a request takes, on the BUILT package: a typical request, and
// Authorization headers of 64 KiB crafted to make a backtracking parser slow (conformance case H12
// checks their outcomes). Linear parsing shows as a roughly constant MB/s across the crafted shapes.
// Run after a build: `node bench/tokenExtraction.js`.
import { getSessionToken } from '@hanko-session/core'

const SIZE = 64 * 1024
const token = `eyJhbGciOiJSUzI1NiJ9.${'e'.repeat(700)}.${'s'.repeat(342)}`
const shapes = {
  'typical request (Bearer, 12 headers, rawHeaders)': {
    headers: { host: 'api.example.com', authorization: `Bearer ${token}`, accept: '*/*', 'user-agent': 'bench' },
    rawHeaders: ['Host', 'api.example.com', 'Authorization', `Bearer ${token}`, 'Accept', '*/*', 'User-Agent', 'bench', ...Array(16).fill('x-pad')],
  },
  'Bearer + 64 KiB of spaces + newline': { headers: { authorization: `Bearer${' '.repeat(SIZE)}\nx` } },
  'Bearer + 64 KiB token68 + "!"': { headers: { authorization: `bearer ${'a'.repeat(SIZE)}!` } },
  '64 KiB of commas': { headers: { authorization: ','.repeat(SIZE) } },
  'Basic + 32k empty elements + Bearer': { headers: { authorization: `Basic ${', '.repeat(SIZE / 2)}Bearer ${token}` } },
  'the same Bearer credential repeated to 64 KiB': { headers: { authorization: `Bearer ${token}, `.repeat(Math.floor(SIZE / (token.length + 9))) } },
}

for (const [name, request] of Object.entries(shapes)) {
  const read = () => {
    try {
      return getSessionToken(request)
    } catch (error) {
      return error.code
    }
  }
  for (let warmup = 0; warmup < 200; warmup++) read()
  let runs = 0
  const started = performance.now()
  while (performance.now() - started < 300) {
    read()
    runs++
  }
  const microseconds = ((performance.now() - started) * 1000) / runs
  const bytes = request.headers.authorization.length
  console.log(`${name.padEnd(50)} ${microseconds.toFixed(1).padStart(8)} µs/op  ${((bytes / microseconds) | 0).toString().padStart(5)} MB/s  -> ${String(read()).slice(0, 24)}`)
}
