import fs from 'node:fs'
import { chromium } from '@playwright/test'

// Browser tests run in Chromium: Debian's package where it is installed (machines without
// access to Playwright's browser downloads), otherwise Playwright's own build.
const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH
  if (fromEnv) return fromEnv
  const system = SYSTEM_CHROMIUM.find((candidate) => fs.existsSync(candidate))
  if (system) return system
  if (fs.existsSync(chromium.executablePath())) return undefined
  throw new Error(
    'No Chromium found for the browser tests. Install one with `sudo apt-get install chromium` ' +
      '(Debian/Ubuntu) or `npx playwright install chromium`, or set CHROMIUM_PATH.',
  )
}
