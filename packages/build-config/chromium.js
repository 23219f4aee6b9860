import { chromium } from 'playwright-core'

/**
 * Debian's Chromium (`apt-get install chromium`), never a Playwright download. `CHROMIUM_PATH` wins;
 * CI sets it to `command -v chromium`.
 */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium'

/**
 * Flags for a closed network: no background requests to Google's services at start-up, no QUIC, no
 * GPU. Playwright gives every launch a fresh temporary profile (`--user-data-dir`) of its own.
 */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * Launches the headless Chromium every package's browser suite drives.
 *
 * @returns {Promise<import('playwright-core').Browser>}
 */
export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS })
}
