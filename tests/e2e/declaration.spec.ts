import type { Page } from '@playwright/test'
import { DEMO_PASSWORD, expect, expectAccessible, followLinkInLatestMail, signIn, test, uniqueEmail, uniqueUei } from './support/fixtures'

// The walk the issue asks for: a vendor signs up, registers its contract, fills in and signs
// the anti-trafficking declaration; the agency's reviewer finds it in the queue and approves it.

/** USWDS hides the native radio and checkbox; people click their labels, and so do we. */
async function clickLabel(page: Page, text: string | RegExp) {
  await page.locator('label').filter({ hasText: text }).first().click()
}

async function answerEveryStepCompliantly(page: Page) {
  for (let step = 1; step <= 10; step++) {
    await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^Step ${step} of \\d`) })).toBeVisible()
    const yesLabels = await page.locator('label.usa-radio__label').filter({ hasText: /^(Yes)$/ }).all()
    for (const label of yesLabels) await label.click()
    const next = page.getByRole('button', { name: 'Continue' })
    if ((await next.count()) === 0) return
    await next.click()
  }
  throw new Error('the declaration never reached its signing step')
}

test('a vendor declares, signs, and the agency reviewer approves', async ({ page, browser }) => {
  test.setTimeout(90_000)
  const email = uniqueEmail('compliance')
  const company = `Coastal Custodial ${Date.now().toString(36)} LLC`
  const contractNumber = `PCTA-E2E-${Date.now().toString(36).toUpperCase()}`

  // Sign-up and email confirmation.
  await page.goto('/signup')
  await page.getByLabel('Legal business name').fill(company)
  await page.getByLabel('Unique Entity ID (UEI)').fill(uniqueUei())
  await page.getByLabel('Your full name').fill('Marisol Reyes')
  await page.getByLabel('Work email').fill(email)
  await page.getByLabel('Password', { exact: true }).fill('a long and memorable passphrase')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByText(`We sent a link to ${email}`)).toBeVisible()
  await page.goto(await followLinkInLatestMail(page, email, /Confirm/))
  await page.getByRole('button', { name: 'Confirm my email address' }).click()
  await expect(page.getByText('Your email address is confirmed.')).toBeVisible()

  // The contract it holds with the demo agency.
  await page.goto('/')
  await page.getByRole('link', { name: `Go to ${company}` }).click()
  // Let the organization page finish loading before the next click (an interrupted navigation is a console error).
  await expect(page.getByRole('heading', { level: 1, name: company })).toBeVisible()
  await page.getByRole('navigation').getByRole('link', { name: 'Contracts' }).click()
  await page.getByRole('link', { name: 'Register a contract' }).click()
  await page.getByLabel('Contracting agency').selectOption({ label: 'Pacific Coast Transit Authority (demo agency)' })
  await page.getByLabel('Contract number').fill(contractNumber)
  await page.getByLabel('Title', { exact: true }).fill('Bus depot cleaning')
  await page.getByLabel('Estimated value (USD)').fill('900,000')
  await page.getByLabel('Start date').fill('2026-07-01')
  await page.getByLabel('End date').fill('2028-06-30')
  await page.getByLabel('US states and territories').selectOption(['CA'])
  await clickLabel(page, /^Janitorial services$/)
  await page.getByRole('button', { name: 'Save contract' }).click()
  await expect(page.getByText(`Contract ${contractNumber} registered.`)).toBeVisible()
  await expectAccessible(page)

  // The declaration, step by step, then the signature of the authorized official (the owner).
  await page.getByRole('navigation').getByRole('link', { name: 'Declarations' }).click()
  await clickLabel(page, contractNumber)
  await page.getByRole('button', { name: 'Start' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Step 1 of 5: Prohibited activities' })).toBeVisible()
  await expectAccessible(page)
  await answerEveryStepCompliantly(page)
  await expect(page.getByRole('heading', { level: 2, name: /Certification/ })).toBeVisible()
  await clickLabel(page, /neither our organization nor any of its agents/)
  await clickLabel(page, 'I have read the certification above and I sign it under penalty of perjury.')
  await page.getByLabel('Full name').fill('Marisol Reyes')
  await page.getByLabel('Title', { exact: true }).fill('Chief Executive Officer')
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Submit for certification' }).click()
  // A janitorial contract is medium risk; the demo agency reviews medium and high.
  await expect(page.getByText('Your declaration was submitted to the agency for review.')).toBeVisible()
  await expect(page.getByText(/Content fingerprint \(SHA-256\): [0-9a-f]{64}/)).toBeVisible()
  const declarationUrl = page.url()

  // The reviewer finds it in the queue and approves it.
  const agency = await browser.newContext()
  const reviewer = await agency.newPage()
  await signIn(reviewer, 'reviewer@pcta.demo', DEMO_PASSWORD)
  await reviewer.getByRole('navigation').getByRole('link', { name: 'Reviews' }).click()
  const row = reviewer.getByRole('row').filter({ hasText: company })
  await expect(row).toContainText('Medium risk')
  await expectAccessible(reviewer)
  await row.getByRole('link', { name: /Review/ }).click()
  await expect(reviewer.getByText(contractNumber).first()).toBeVisible()
  await expect(reviewer.getByText('Janitorial').first()).toBeVisible()
  await expectAccessible(reviewer)
  await reviewer.getByRole('button', { name: /^Approve/ }).click()
  await expect(reviewer.getByRole('status').filter({ hasText: company })).toBeVisible()
  await expect(reviewer.getByRole('row').filter({ hasText: company })).toHaveCount(0)
  await agency.close()

  // The vendor sees the decision.
  await page.goto(declarationUrl)
  await expect(page.getByText('Approved').first()).toBeVisible()
})
