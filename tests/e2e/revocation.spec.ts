import type { Page } from '@playwright/test'
import { expect, expectAccessible, signIn, test } from './support/fixtures'

// Revocation by the agency (product.md §6): the reviewer finds a certificate in the agency's list,
// revokes it with a reason; the vendor is emailed and sees it revoked; the public verification page
// shows it revoked with the reason. The certificate revoked here is the demo's spare one (Harbor
// Landscaping's Harbor Gateway contract), which no other test uses.

const REASON = 'Unannounced site visit found workers housed in employer-controlled lodging without keys to their own rooms.'

async function openAgencyCertificates(page: Page) {
  await page.goto('/')
  await page.getByRole('link', { name: /Go to Pacific Coast Transit Authority/ }).click()
  // Let the organization page finish loading before the next click (an interrupted navigation is a console error).
  await expect(page.getByRole('heading', { level: 1, name: /^Pacific Coast Transit Authority/ })).toBeVisible()
  await page.getByRole('navigation').getByRole('link', { name: 'Certificates' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Certificates issued for Pacific Coast Transit Authority/ })).toBeVisible()
}

test('a reviewer revokes a certificate; the vendor and the public see it revoked at once', async ({ page, browser }) => {
  test.setTimeout(90_000)
  await signIn(page, 'reviewer@pcta.demo')
  await openAgencyCertificates(page)
  await expectAccessible(page)

  // The demo's revoked certificate is listed as such.
  await page.getByLabel('Status').selectOption('revoked')
  await page.getByRole('button', { name: 'Apply filters' }).click()
  await expect(page.getByRole('row').filter({ hasText: 'Harbor Landscaping Co.' }).first()).toContainText('Revoked')

  // Harbor Landscaping's valid certificate for the Harbor Gateway contract.
  await page.getByLabel('Status').selectOption('valid')
  await page.getByLabel('Vendor or certificate number').fill('Harbor Landscaping')
  await page.getByRole('button', { name: 'Apply filters' }).click()
  const row = page.getByRole('row').filter({ hasText: /PCTA-\d{4}-0171/ })
  await expect(row).toHaveCount(1)
  await expect(row).toContainText('Valid')
  await row.getByRole('link').click()
  const heading = page.getByRole('heading', { level: 1, name: /^Certificate / })
  await expect(heading).toBeVisible()
  const number = (await heading.innerText()).replace('Certificate ', '').trim()
  expect(number).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}-.$/)
  await expect(page.getByText('Replaces certificate')).toHaveCount(0)
  await expect(page.getByRole('link', { name: 'Download the signed PDF' })).toBeVisible()
  await expectAccessible(page)

  // Nothing typed: the errors are next to the fields, and the page still passes axe.
  await page.getByRole('button', { name: 'Revoke certificate' }).click()
  await expect(page.getByRole('alert')).toContainText('Please correct the errors below.')
  const reason = page.getByLabel('Reason for revocation')
  await expect(reason).toHaveAttribute('aria-invalid', 'true')
  await expect(reason).toHaveAccessibleDescription(/shown publicly.*Enter the reason for the revocation\./)
  await expect(page.getByText('Confirm that you want to revoke this certificate.')).toBeVisible()
  await expectAccessible(page)

  await reason.fill(REASON)
  await page.locator('label').filter({ hasText: 'I understand that revocation takes effect at once' }).click()
  await page.getByRole('button', { name: 'Revoke certificate' }).click()
  await expect(page.getByText(`Certificate ${number} is revoked.`)).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: 'Revoked' })).toBeVisible()
  await expect(page.getByText(REASON)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Revoke certificate' })).toHaveCount(0)
  await expectAccessible(page)

  // The public verification page, with no sign-in.
  const visitor = await browser.newContext()
  const publicPage = await visitor.newPage()
  await publicPage.goto(`/verify/${number}`)
  await expect(publicPage.getByRole('heading', { name: 'This certificate has been revoked' })).toBeVisible()
  await expect(publicPage.getByText(`Reason: ${REASON}`)).toBeVisible()

  // The vendor's owner got the email, follows it and sees the certificate revoked.
  await publicPage.goto('/dev/mail')
  await publicPage.getByRole('row').filter({ hasText: 'owner@harbor.demo' }).filter({ hasText: number }).first().getByRole('link').click()
  const text = await publicPage.locator('pre').innerText()
  expect(text).toContain(REASON)
  const link = /https?:\/\/\S+\/orgs\/\S+/.exec(text)?.[0]
  if (!link) throw new Error(`no portal link in the revocation email:\n${text}`)
  await visitor.close()

  const vendor = await browser.newContext()
  const vendorPage = await vendor.newPage()
  await signIn(vendorPage, 'owner@harbor.demo')
  await vendorPage.goto(new URL(link).pathname)
  await expect(vendorPage.getByRole('heading', { level: 1, name: `Certificate ${number}` })).toBeVisible()
  await expect(vendorPage.getByRole('heading', { level: 2, name: 'Revoked' })).toBeVisible()
  await expect(vendorPage.getByText(REASON)).toBeVisible()
  await expect(vendorPage.getByRole('button', { name: 'Revoke certificate' })).toHaveCount(0)
  await vendorPage.getByRole('link', { name: 'All certificates' }).click()
  await expect(vendorPage.getByRole('row').filter({ hasText: number })).toContainText('Revoked')
  await vendor.close()
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the server answers an empty reason with errors next to the fields and revokes nothing', async ({ page }) => {
    await signIn(page, 'reviewer@pcta.demo')
    await openAgencyCertificates(page)
    await page.getByLabel('Vendor or certificate number').fill('Sunrise Janitorial')
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await page.getByRole('row').filter({ hasText: 'Sunrise Janitorial Services LLC' }).first().getByRole('link').click()
    await expect(page.getByRole('heading', { level: 1, name: /^Certificate / })).toBeVisible()
    await page.getByRole('button', { name: 'Revoke certificate' }).click()
    await expect(page.getByRole('alert')).toContainText('Please correct the errors below.')
    await expect(page.getByLabel('Reason for revocation')).toHaveAttribute('aria-invalid', 'true')
    await expect(page.getByText('Enter the reason for the revocation.')).toBeVisible()
    await expect(page.getByText('Valid', { exact: true })).toBeVisible()
  })
})
