// The glue an app puts around the store: `?api=` is the Hanko API, `?checkInterval=` the seconds
// between checks (the store's and the elements' own poller's), `?elements=0` leaves the elements out (the store then makes its own Hanko instance).
// The store's state is written into #state as JSON; `window.sessionLog` records every state with the
// time it arrived and every flow state the elements render, so the test waits instead of sleeping.
import { createHankoSession } from '@hanko-session/client'

const params = new URL(location.href).searchParams
const apiUrl = params.get('api')
const checkSeconds = Number(params.get('checkInterval') ?? '30')
const checkInterval = `${checkSeconds}s`
const withElements = params.get('elements') !== '0'

const log = { states: [], flowStates: [], logoutClickedAt: undefined }
window.sessionLog = log
document.addEventListener('hanko-after-state-change', (event) => log.flowStates.push(event.detail.state.name))

let session
if (withElements) {
  const { register } = await import('/elements.js')
  const { hanko } = await register(apiUrl, { sessionCheckInterval: checkSeconds * 1_000 })
  document.querySelector('#auth').append(document.createElement('hanko-auth'))
  session = createHankoSession({ hanko, checkInterval })
} else {
  session = createHankoSession({ apiUrl, checkInterval })
}
window.session = session

const output = document.querySelector('#state')
session.subscribe((state) => {
  const shown = { status: state.status, reason: state.reason, email: state.user?.email }
  log.states.push({ ...shown, at: Date.now() })
  output.textContent = JSON.stringify(shown)
})
document.querySelector('#logout').addEventListener('click', () => {
  log.logoutClickedAt = Date.now()
  void session.logout()
})
