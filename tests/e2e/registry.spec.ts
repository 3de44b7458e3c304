import { X509Certificate } from 'node:crypto'
import fs from 'node:fs/promises'
import { expect, expectAccessible, test } from './support/fixtures'

// The public registry of certified vendors and the published signing certificates (product.md §6),
// as a member of the public uses them: no sign-in. The demo data holds about thirty certified
// vendors of the demo agency (app/demo/registry.server.ts), so the list has two pages. Other
// browser tests may certify more vendors meanwhile, so counts are checked on narrow searches.

test('search by name, by UEI and by industry; the filters stay in the form', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('navigation').getByRole('link', { name: 'Registry' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Registry of certified vendors' })).toBeVisible()
  await expect(page.getByRole('status')).toHaveText(/^\d+ certificates match\. Showing 1 to 25\.$/)
  await expectAccessible(page)

  await page.getByLabel('Vendor name or UEI').fill('janitorial')
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page).toHaveURL(/[?&]q=janitorial/)
  const table = page.getByRole('table')
  await expect(table.getByRole('rowheader', { name: 'Crystal Clear Janitorial LLC' })).toBeVisible()
  await expect(table.getByRole('rowheader', { name: 'Sunrise Janitorial Services LLC' })).toBeVisible()
  await expect(page.getByLabel('Vendor name or UEI')).toHaveValue('janitorial')

  // The exact UEI, typed in lower case with spaces.
  await page.getByLabel('Vendor name or UEI').fill('demreg07 ca26')
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page.getByRole('status')).toHaveText('1 certificate matches.')
  const row = table.getByRole('row').filter({ hasText: 'Crystal Clear Janitorial LLC' })
  await expect(row).toContainText('DEMREG07CA26')
  await expect(row).toContainText('Janitorial services')
  await expect(row).toContainText('Pacific Coast Transit Authority (demo agency)')

  // The certificate number opens its public verification page.
  await row.getByRole('link').click()
  await expect(page.getByRole('heading', { level: 2, name: 'This certificate is valid' })).toBeVisible()
  await page.goBack()

  await page.getByLabel('Vendor name or UEI').fill('')
  await page.getByLabel('Industry').selectOption({ label: 'Landscaping' })
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page.getByLabel('Industry')).toHaveValue('landscaping')
  for (const name of ['Arroyo Grounds Maintenance Inc.', 'Los Feliz Tree & Garden Co.', 'Verdant Valley Landscaping LLC']) {
    await expect(table.getByRole('rowheader', { name })).toBeVisible()
  }

  // The expired demo certificate is not listed.
  await page.getByLabel('Industry').selectOption({ label: 'Any' })
  await page.getByLabel('Vendor name or UEI').fill('Old Mill')
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page.getByRole('status')).toHaveText('No certified vendor matches this search.')
  await expect(page.getByRole('table')).toHaveCount(0)
  await expectAccessible(page)
})

test('page 2 through the pagination, and back', async ({ page }) => {
  await page.goto('/registry')
  const pages = page.getByRole('navigation', { name: 'Pages of results' })
  await expect(pages.getByRole('link', { name: 'Page 1' })).toHaveAttribute('aria-current', 'page')
  const firstPageVendor = await page.getByRole('table').getByRole('rowheader').first().textContent()
  await pages.getByRole('link', { name: 'Next' }).click()
  await expect(page).toHaveURL(/[?&]page=2/)
  await expect(pages.getByRole('link', { name: 'Page 2' })).toHaveAttribute('aria-current', 'page')
  await expect(page.getByRole('status')).toHaveText(/Showing 26 to \d+\./)
  await expect(page.getByRole('table').getByRole('rowheader').first()).not.toHaveText(firstPageVendor ?? '')
  await expect(page.getByRole('table')).toContainText('page 2 of')
  await expectAccessible(page)
  await pages.getByRole('link', { name: 'Previous' }).click()
  await expect(pages.getByRole('link', { name: 'Page 1' })).toHaveAttribute('aria-current', 'page')

  // A page number that is not a page goes to one that is.
  await page.goto('/registry?page=abc')
  await expect(page).toHaveURL(/\/registry$/)
  await page.goto('/registry?page=500')
  await expect(page).toHaveURL(/[?&]page=2$/)
})

test('download the CSV of a search', async ({ page }) => {
  await page.goto('/registry?industry=landscaping')
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download these results (CSV)' }).click()])
  expect(download.suggestedFilename()).toMatch(/^certified-vendors-\d{4}-\d{2}-\d{2}\.csv$/)
  const text = (await fs.readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '')
  const lines = text.trim().split('\r\n')
  expect(lines[0]).toBe('Vendor,UEI,Industries,Agency,Certificate,Valid until,Verification link')
  // Harbor Landscaping's spare certificate is listed until revocation.spec.ts revokes it, which may
  // happen before or after this test; the registry's own demo vendors are always there.
  const vendors = lines.slice(1).map((line) => line.split(',')[0])
  expect(vendors.filter((name) => name !== 'Harbor Landscaping Co.')).toEqual(['Arroyo Grounds Maintenance Inc.', 'Los Feliz Tree & Garden Co.', 'Verdant Valley Landscaping LLC'])
  expect(lines[1]).toMatch(/,DEMREG\d{2}CA26,Landscaping,Pacific Coast Transit Authority \(demo agency\),[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z*~$=],\d{4}-\d{2}-\d{2},http:\/\/localhost:\d+\/verify\//)
})

test('a filter that cannot match gets a message next to the field', async ({ page }) => {
  const response = await page.goto('/registry?agency=no-such-agency')
  expect(response?.status()).toBe(400)
  await expect(page.getByRole('alert').filter({ hasText: 'There is no such agency' })).toBeVisible()
  await expect(page.getByLabel('Agency')).toHaveAttribute('aria-invalid', 'true')
  await expectAccessible(page)
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })
  test('the search form works as a plain GET form', async ({ page }) => {
    await page.goto('/registry')
    await page.getByLabel('Vendor name or UEI').fill('sentinel')
    await page.getByRole('button', { name: 'Search' }).click()
    await expect(page).toHaveURL(/\?q=sentinel/)
    await expect(page.getByRole('table').getByRole('rowheader', { name: 'Sentinel Guard Services Inc.' })).toBeVisible()
  })
})

test.describe('in Spanish', () => {
  test.use({ locale: 'es-US', extraHTTPHeaders: { 'Accept-Language': 'es-US,es' } })
  test('the registry and the signing certificates page', async ({ page }) => {
    await page.goto('/registry?industry=landscaping')
    await expect(page.locator('html')).toHaveAttribute('lang', 'es')
    await expect(page.getByRole('heading', { level: 1, name: 'Registro de proveedores certificados' })).toBeVisible()
    await expect(page.getByRole('status')).toHaveText(/^\d+ certificados coinciden\./)
    await expect(page.getByRole('table').getByRole('row').filter({ hasText: 'Verdant Valley' })).toContainText('Jardinería y paisajismo')
    await expectAccessible(page)
    await page.getByRole('link', { name: 'Certificados de firma' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Certificados de firma' })).toBeVisible()
    await expectAccessible(page)
  })
})

test('the signing certificates: linked from /verify, listed with fingerprints, downloadable as PEM', async ({ page, request }) => {
  await page.goto('/verify')
  await page.getByRole('link', { name: 'Signing certificates' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Signing certificates' })).toBeVisible()
  await expect(page.getByText('Active: signs new certificates')).toBeVisible()
  await expectAccessible(page)

  const bundle = await request.get('/signing-certificates.pem')
  expect(bundle.status()).toBe(200)
  expect(bundle.headers()['content-type']).toBe('application/x-pem-file')
  const certificate = new X509Certificate(await bundle.text())
  // The fingerprint shown on the page is the one of the published file.
  await expect(page.getByText(certificate.fingerprint256.slice(0, 47))).toBeVisible()

  const one = await page.getByRole('link', { name: 'Download this certificate (PEM)' }).first().getAttribute('href')
  const single = await request.get(one ?? '')
  expect(new X509Certificate(await single.text()).fingerprint256).toBe(certificate.fingerprint256)
})
