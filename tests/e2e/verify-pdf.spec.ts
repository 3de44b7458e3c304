import { readFile } from 'node:fs/promises'
import { expect, expectAccessible, signIn, test } from './support/fixtures'

// Verify a PDF (product.md §6): the vendor downloads its signed certificate, and anyone can upload
// that file on /verify and be told it is authentic, with the certificate's current status. A file
// that is not a PDF gets a plain answer saying so.

test('a downloaded certificate checks as authentic on /verify; a non-PDF does not', async ({ page }) => {
  await signIn(page, 'owner@sunrise.demo')
  await page.getByRole('link', { name: /Go to Sunrise Janitorial/ }).click()
  // Let the organization page finish loading before the next click (an interrupted navigation is a console error).
  await expect(page.getByRole('heading', { level: 1, name: /^Sunrise Janitorial/ })).toBeVisible()
  await page.getByRole('navigation').getByRole('link', { name: 'Certificates' }).click()
  const downloadLink = page.getByRole('link', { name: /^Download certificate .* \(PDF\)$/ }).first()
  const number = /Download certificate (\S+) \(PDF\)/.exec((await downloadLink.getAttribute('aria-label')) ?? '')?.[1]
  expect(number).toBeTruthy()
  const [download] = await Promise.all([page.waitForEvent('download'), downloadLink.click()])
  const pdfPath = await download.path()
  expect((await readFile(pdfPath)).subarray(0, 5).toString('latin1')).toBe('%PDF-')

  await page.goto('/verify')
  await expect(page.getByRole('heading', { level: 2, name: 'Check a certificate file' })).toBeVisible()
  await expectAccessible(page)
  await page
    .getByLabel('Certificate PDF file')
    .setInputFiles({ name: `certificate-${number}.pdf`, mimeType: 'application/pdf', buffer: await readFile(pdfPath) })
  await page.getByRole('button', { name: 'Check file' }).click()

  await expect(page).toHaveURL(/\/verify\/pdf$/)
  await expect(page.getByRole('heading', { level: 2, name: 'This file is an authentic certificate' })).toBeVisible()
  await expect(page.getByRole('row', { name: /The signed content is unchanged\s+Passed/ })).toBeVisible()
  await expect(page.getByRole('row', { name: /It was signed with this portal’s key\s+Passed/ })).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: `Current status of certificate ${number}` })).toBeVisible()
  await expect(
    page.getByRole('heading', {
      level: 3,
      name: /This certificate (is valid|has expired|has been revoked|has been replaced)/,
    }),
  ).toBeVisible()
  await expectAccessible(page)

  // Something that is not a PDF at all.
  await page
    .getByLabel('Certificate PDF file')
    .setInputFiles({
      name: 'photo.png',
      mimeType: 'image/png',
      buffer: Buffer.from('89504e470d0a1a0a0000000d4948445200', 'hex'),
    })
  await page.getByRole('button', { name: 'Check file' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'This file is not a PDF' })).toBeVisible()
  await expect(page.getByRole('row', { name: /The file is a PDF\s+Failed/ })).toBeVisible()
  await expect(page.getByRole('row', { name: /The signature is valid\s+Not reached/ })).toBeVisible()
  await expectAccessible(page)
})

test('the file check works without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  await page.goto('/verify/pdf')
  await expect(page.getByRole('heading', { level: 1, name: 'Check a certificate file' })).toBeVisible()
  await page
    .getByLabel('Certificate PDF file')
    .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just some text') })
  await page.getByRole('button', { name: 'Check file' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'This file is not a PDF' })).toBeVisible()
  await context.close()
})
