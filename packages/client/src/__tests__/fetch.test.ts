import { describe, expect, it, vi } from 'vitest'
import { existingSession, record, settle, store, useHanko } from './harness.js'

const { emulator, validations } = useHanko()

/** Your API, as `session.fetch` calls it: records what it was sent and answers `status`. */
function api(status = 200): { fetch: typeof fetch; calls: { url: string; init: RequestInit }[] } {
  const calls: { url: string; init: RequestInit }[] = []
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({ url: String(input instanceof Request ? input.url : input), init })
    return new Response(null, { status })
  })
  return { fetch, calls }
}

describe('session.fetch', () => {
  it('attaches Authorization: Bearer when the token is readable (X-Auth-Token delivery)', async () => {
    const { token } = await existingSession(emulator)
    const { fetch, calls } = api()
    const { session } = store({ fetch })
    const response = await session.fetch('http://localhost:3000/api/me', { headers: { accept: 'application/json' } })
    expect(response.status).toBe(200)
    const headers = new Headers(calls[0]!.init.headers)
    expect(headers.get('authorization')).toBe(`Bearer ${token}`)
    expect(headers.get('accept')).toBe('application/json')
    expect(calls[0]!.init.credentials).toBeUndefined()
  })

  it('sends credentials: include when no token is readable (HttpOnly cookie delivery)', async () => {
    const { fetch, calls } = api()
    const { session } = store({ fetch })
    await session.fetch('http://localhost:3000/api/me')
    expect(new Headers(calls[0]!.init.headers).has('authorization')).toBe(false)
    expect(calls[0]!.init.credentials).toBe('include')
  })

  it('keeps an Authorization header the caller set', async () => {
    await existingSession(emulator)
    const { fetch, calls } = api()
    const { session } = store({ fetch })
    await session.fetch(new Request('http://localhost:3000/api/me', { headers: { authorization: 'Basic abc' } }))
    expect(new Headers(calls[0]!.init.headers).get('authorization')).toBe('Basic abc')
  })

  it('a 401 from your API when Hanko says the session is over → unauthenticated (revoked) and expired; the 401 is returned', async () => {
    const { sessionId } = await existingSession(emulator)
    const { fetch } = api(401)
    const { session } = store({ fetch }, false)
    const seen = record(session)
    session.subscribe(() => {})
    await settle()
    emulator.sessions.revoke(sessionId)
    const response = await session.fetch('http://localhost:3000/api/me')
    expect(response.status).toBe(401)
    expect(session.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'revoked' })
    expect(seen.map((event) => [event.name, event.payload])).toEqual([['expired', { reason: 'revoked' }]])
  })

  it('a 401 from your API while Hanko says the session is valid → one re-check, state unchanged, the 401 returned', async () => {
    await existingSession(emulator)
    const { fetch } = api(401)
    const { session } = store({ fetch })
    session.subscribe(() => {})
    await settle()
    const before = session.getSnapshot()
    const response = await session.fetch('http://localhost:3000/api/me')
    expect(response.status).toBe(401)
    expect(validations()).toBe(2)
    expect(session.getSnapshot()).toBe(before)
  })

  it('never sends the session to another origin: a third party is refused with ERR_ORIGIN_NOT_ALLOWED and nothing is sent', async () => {
    await existingSession(emulator)
    const { fetch, calls } = api()
    const { session } = store({ fetch })
    for (const url of ['https://evil.example/steal', '//evil.example/steal', new URL('http://localhost:3001/api')]) {
      await expect(session.fetch(url)).rejects.toMatchObject({ name: 'SessionClientError', code: 'ERR_ORIGIN_NOT_ALLOWED' })
    }
    await expect(session.fetch(new Request('https://evil.example/steal'))).rejects.toMatchObject({ code: 'ERR_ORIGIN_NOT_ALLOWED' })
    expect(calls).toEqual([])
  })

  it('sends the session to the page origin (relative URLs too) and to the origins named in apiOrigins', async () => {
    const { token } = await existingSession(emulator)
    const { fetch, calls } = api()
    const { session } = store({ fetch, apiOrigins: ['https://api.example.com/'] })
    await session.fetch('/api/me')
    await session.fetch('https://api.example.com/todos')
    expect(calls.map((call) => new Headers(call.init.headers).get('authorization'))).toEqual([`Bearer ${token}`, `Bearer ${token}`])
  })

  it('refuses apiOrigins that are not bare origins with ERR_INVALID_OPTIONS', () => {
    for (const apiOrigins of [['api.example.com'], ['https://api.example.com/v1'], ['not a url']]) {
      expect(() => store({ apiOrigins })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS' }))
    }
  })
})
