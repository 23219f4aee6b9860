// The glue a real app puts around the unmodified Hanko elements: register them against the API given
// in `?api=`, show who is signed in (from `GET /me`), show <hanko-profile> only with a session (it
// needs one), and log out from a button. `window.hankoLog` records the SDK's document events and every
// flow state the elements render, so the test can wait for the UI instead of sleeping.
import { register } from '/elements.js'

const api = new URL(location.href).searchParams.get('api')
const session = document.querySelector('#session')
const logout = document.querySelector('#logout')
const auth = document.querySelector('hanko-auth')
const profile = document.querySelector('#profile')

const log = { events: [], states: [], user: undefined }
window.hankoLog = log
for (const type of ['hanko-session-created', 'hanko-session-expired', 'hanko-user-logged-out', 'hanko-user-deleted']) {
  document.addEventListener(type, () => log.events.push(type))
}
document.addEventListener('hanko-after-state-change', (event) => log.states.push(event.detail.state.name))

const { hanko } = await register(api)
window.hanko = hanko

async function showSignedIn() {
  const user = await hanko.getCurrentUser()
  log.user = user
  session.textContent = `signed in as ${user.emails.find((email) => email.is_primary).address}`
  logout.hidden = false
  auth.hidden = true
  if (profile.childElementCount === 0) profile.append(document.createElement('hanko-profile'))
}

function showSignedOut(reason) {
  log.user = undefined
  session.textContent = reason
  logout.hidden = true
  auth.hidden = false
  profile.replaceChildren()
}

hanko.onSessionCreated(() => void showSignedIn())
hanko.onUserLoggedOut(() => showSignedOut('signed out'))
hanko.onUserDeleted(() => showSignedOut('account deleted'))
hanko.onSessionExpired(() => showSignedOut('session expired'))
logout.addEventListener('click', () => void hanko.logout())

if ((await hanko.validateSession()).is_valid) await showSignedIn()
else showSignedOut('signed out')
