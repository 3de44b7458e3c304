import AxeBuilder from '@axe-core/playwright'
import { expect, test as base, type Page } from '@playwright/test'

export const DEMO_PASSWORD = 'demo-password-2026'

/** Every browser test fails on a JavaScript error or a console error in the page. */
export const test = base.extend<{ consoleErrors: string[]; clientAddress: string }>({
  // Each test is its own client, as people on different networks are: the portal (started with
  // TRUST_PROXY, see serve.ts) counts its per-address sign-in limit for each test separately, so
  // the suite's many sign-ins from one machine do not trip it.
  clientAddress: [
    async ({ page }, use, testInfo) => {
      const n = Number.parseInt(testInfo.testId.slice(0, 6), 16)
      const address = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`
      await page.setExtraHTTPHeaders({ 'X-Forwarded-For': address })
      await use(address)
    },
    { auto: true },
  ],
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = []
      page.on('console', (message) => {
        const text = message.text()
        // A 4xx page is expected behaviour (the test checks the status). Playwright's own probes
        // of the mail viewer's sandboxed email frame are refused by Chromium, as they should be.
        const expected =
          /^Failed to load resource: the server responded with a status of 4\d\d/.test(text) ||
          /^Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed/.test(text)
        if (message.type() === 'error' && !expected) errors.push(text)
      })
      page.on('pageerror', (error) => errors.push(error.message))
      await use(errors)
      expect(errors, 'errors in the browser console').toEqual([])
    },
    { auto: true },
  ],
})
export { expect }

/** axe-core with the WCAG 2.1 A and AA rules (product.md §10). */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  expect(summary, `accessibility violations on ${page.url()}`).toEqual([])
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/signin')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible()
}

/**
 * Open the newest email to `to` in the portal's mail viewer (the local SMTP catcher) and return
 * the first link in its text, as a person reading it would follow it.
 */
export async function followLinkInLatestMail(page: Page, to: string, subject?: RegExp): Promise<string> {
  await expect(async () => {
    await page.goto('/dev/mail')
    const row = page.getByRole('row').filter({ hasText: to }).filter({ hasText: subject ?? /.*/ }).first()
    await row.getByRole('link').click()
  }).toPass({ timeout: 10_000 })
  const text = await page.locator('pre').innerText()
  const link = /https?:\/\/\S+/.exec(text)?.[0]
  if (!link) throw new Error(`no link in the mail to ${to}:\n${text}`)
  return new URL(link).pathname + new URL(link).search
}

export function uniqueEmail(prefix: string) {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.test`
}

/** A valid SAM UEI that no other test uses. */
export function uniqueUei() {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'
  let uei = 'ABCDEFGHJKLMNPQRSTUVWXYZ123456789'[Math.floor(Math.random() * 33)] ?? 'A'
  while (uei.length < 12) uei += alphabet[Math.floor(Math.random() * alphabet.length)] ?? 'A'
  return uei
}
