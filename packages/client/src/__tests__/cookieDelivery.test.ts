import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { loginInThisTab, settle, store, useHanko } from './harness.js'

/**
 * jsdom's own XMLHttpRequest, before msw wraps it: it sends over node:http (which msw intercepts too)
 * and keeps Hanko's HttpOnly cookie in jsdom's jar, as a browser does. msw's XMLHttpRequest
 * interceptor has no cookie jar, so with it the cookie would never come back.
 */
const jsdomXhr = globalThis.XMLHttpRequest
// Not `Secure`: jsdom's jar refuses a Secure cookie from http://localhost, where browsers accept it.
const { emulator, validations } = useHanko({ tokenDelivery: 'cookie', cookie: { secure: false } })
let intercepted: PropertyDescriptor | undefined

beforeAll(() => {
  intercepted = Object.getOwnPropertyDescriptor(globalThis, 'XMLHttpRequest')
  Object.defineProperty(globalThis, 'XMLHttpRequest', { value: jsdomXhr, configurable: true, writable: true })
})
afterAll(() => {
  if (intercepted) Object.defineProperty(globalThis, 'XMLHttpRequest', intercepted)
})

describe('with the token in an HttpOnly cookie (no X-Auth-Token)', () => {
  it('a login in this tab → authenticated; checks ride on the cookie; session.fetch sends credentials', async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 200 }))
    const { session, events } = store({ fetch })
    session.subscribe(() => {})
    await settle()
    await loginInThisTab(emulator)
    await settle()
    expect(session.getSnapshot().status).toBe('authenticated')
    expect(events.map((event) => event.name)).toEqual(['authFlowCompleted', 'sessionCreated'])
    await settle(30_000)
    expect(validations()).toBe(2)
    expect(session.getSnapshot().status).toBe('authenticated')
    await session.fetch('http://localhost:3000/api/me')
    expect(fetch).toHaveBeenCalledWith('http://localhost:3000/api/me', expect.objectContaining({ credentials: 'include' }))
    expect(new Headers((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].headers).has('authorization')).toBe(false)
  })
})
