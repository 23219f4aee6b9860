// What `<!-- readme-test: check -->` code may use: the harness passes the emulator and a token by env.
export const apiUrl = process.env.README_TEST_API_URL ?? ''
const token = process.env.README_TEST_TOKEN ?? ''

export function signedIn(url = 'http://localhost/') {
  return new Request(url, { headers: { authorization: `Bearer ${token}` } })
}

export function signedOut(url = 'http://localhost/') {
  return new Request(url)
}

export async function expectStatus(response, status) {
  if (response.status !== status) throw new Error(`expected HTTP ${status}, got ${response.status}: ${await response.text()}`)
}
