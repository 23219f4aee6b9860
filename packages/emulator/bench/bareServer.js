// The floor for the table: a bare node:http server that answers every request with a fixed JSON body
// the size of a real `/sessions/validate` answer, with the same CORS headers. Whatever latency it
// shows under the same load is the machine's and Node's, not the emulator's.
import { createServer } from 'node:http'

const size = Number(process.argv[2] ?? 400)
const body = Buffer.from(JSON.stringify({ is_valid: true, padding: 'x'.repeat(Math.max(0, size - 35)) }))
const headers = {
  'content-type': 'application/json',
  'content-length': String(body.byteLength),
  'access-control-allow-origin': 'http://localhost:3000',
  'access-control-allow-credentials': 'true',
  vary: 'Origin',
}
const server = createServer((_, response) => {
  response.writeHead(200, headers)
  response.end(body)
})
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening on http://127.0.0.1:${server.address().port} \n`))
process.once('SIGTERM', () => process.exit(0))
