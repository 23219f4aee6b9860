import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { SessionError } from '../index.js'

let server: Server | undefined

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
  server = undefined
})

async function serve(error: SessionError): Promise<Response> {
  server = createServer((_request, response) => error.writeTo(response, { headers: { 'Access-Control-Allow-Origin': '*' } }))
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return fetch(`http://127.0.0.1:${port}/`)
}

describe('SessionError.writeTo', () => {
  it('answers a Node request with the status, WWW-Authenticate and JSON body of toResponse()', async () => {
    const error = new SessionError('ERR_TOKEN_EXPIRED', 'The session token has expired.', { claim: 'exp' })
    const response = await serve(error)
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token", error_description="The session token has expired."')
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(await response.json()).toEqual({ error: 'ERR_TOKEN_EXPIRED', message: 'The session token has expired.' })
  })

  it('sends Retry-After and no challenge when Hanko is unreachable', async () => {
    const response = await serve(new SessionError('ERR_JWKS_TIMEOUT', 'The JWKS endpoint did not answer within 3000 ms.'))
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('5')
    expect(response.headers.get('www-authenticate')).toBeNull()
  })
})
