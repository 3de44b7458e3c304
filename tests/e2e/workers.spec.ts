import { expect, expectAccessible, test } from './support/fixtures'

// The public page for workers: reachable without an account, readable on a small phone, with the
// hotlines as links a phone can call or text, in English and Spanish.

test.use({ viewport: { width: 360, height: 740 } })

test('a worker on a phone finds the hotlines and their rights without signing in', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('main').getByRole('link', { name: /Your rights at work/ }).click()
  await expect(page).toHaveURL(/\/workers$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Your rights at work' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Call 1-888-373-7888' })).toHaveAttribute('href', 'tel:+18883737888')
  await expect(page.getByRole('link', { name: 'Text 233733' })).toHaveAttribute('href', 'sms:233733')
  await expect(page.getByRole('link', { name: 'Email help@befree.org' })).toHaveAttribute('href', 'mailto:help@befree.org')
  await expect(page.getByText(/passport, ID card or work permit/)).toBeVisible()
  // Nothing wider than the screen: no sideways scrolling on a phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow).toBeLessThanOrEqual(0)
  await expectAccessible(page)
})

test.describe('in Spanish', () => {
  test.use({ locale: 'es-US', extraHTTPHeaders: { 'Accept-Language': 'es-US,es' } })
  test('the page speaks Spanish and keeps the same hotlines', async ({ page }) => {
    await page.goto('/workers')
    await expect(page.locator('html')).toHaveAttribute('lang', 'es')
    await expect(page.getByRole('heading', { level: 1, name: 'Sus derechos en el trabajo' })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Llame al 1-888-373-7888' })).toHaveAttribute('href', 'tel:+18883737888')
    await expect(page.getByText(/sin importar su situación migratoria/)).toBeVisible()
    await expectAccessible(page)
  })
})
