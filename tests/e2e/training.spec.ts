import path from 'node:path'
import { expect, expectAccessible, signIn, test } from './support/fixtures'

// The worker training tracker (product.md §7) as a vendor uses it: add a worker, record a
// completed training, import the sample CSV through its preview and confirmation.

test('a vendor adds a worker, records a training and imports the sample CSV', async ({ page }) => {
  test.setTimeout(90_000)
  const ref = `E2E-${Date.now().toString(36).toUpperCase()}`
  await signIn(page, 'owner@sunrise.demo')
  await page.goto('/')
  await page.getByRole('link', { name: /Go to Sunrise Janitorial/ }).click()
  // Let the organization page finish loading before the next click (an interrupted navigation is a console error).
  await expect(page.getByRole('heading', { level: 1, name: /^Sunrise Janitorial/ })).toBeVisible()
  await page.getByRole('navigation').getByRole('link', { name: 'Worker training' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Worker training of Sunrise/ })).toBeVisible()
  // The demo roster's coverage is shown.
  await expect(page.getByTestId('coverage-current')).toContainText('%')
  await expectAccessible(page)

  // A worker, by the employer's reference only.
  await page.getByRole('link', { name: 'Workers', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Workers of Sunrise/ })).toBeVisible()
  await page.getByLabel('Worker reference', { exact: true }).fill(ref)
  await page.getByLabel('Name (optional)').fill('Graciela Muñoz')
  await page.getByLabel('Preferred language (optional)').fill('es')
  await page.getByRole('button', { name: 'Save worker' }).click()
  await expect(page.getByText('Worker added.')).toBeVisible()
  await expectAccessible(page)

  // A completed training; the refresher date follows from the module's 12-month validity.
  await page.getByRole('searchbox', { name: 'Search workers' }).fill(ref)
  await page.getByRole('button', { name: 'Search' }).click()
  await page.getByRole('link', { name: `Open worker ${ref}` }).click()
  await expect(page.getByRole('heading', { level: 1, name: `Worker ${ref}` })).toBeVisible()
  await page.getByLabel('Module').selectOption({ label: 'WR-AWARE — Worker rights and anti-trafficking awareness' })
  await page.getByLabel('Completed on').fill('2026-03-16')
  await page.getByLabel('Delivered by').fill('Coalition to Abolish Slavery & Trafficking')
  await page.getByLabel('Hours (optional)').fill('2')
  await page.getByRole('button', { name: 'Save training record' }).click()
  await expect(page.getByText('Training recorded.')).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: 'WR-AWARE' })).toContainText('Mar 16, 2027')
  await expectAccessible(page)

  // A bad date is refused next to the field.
  await page.getByLabel('Completed on').fill('2999-01-01')
  await page.getByRole('button', { name: 'Save training record' }).click()
  await expect(page.getByText('The date cannot be in the future.')).toBeVisible()

  // The sample CSV: preview with counts, then confirm.
  await page.goto(page.url().replace(/\/workers\/.*$/, '/training/import'))
  await expect(page.getByRole('heading', { level: 1, name: 'Import training records' })).toBeVisible()
  await expectAccessible(page)
  await page.getByLabel('CSV file').setInputFiles(path.resolve('templates', 'training', 'sample-import.csv'))
  await page.getByRole('button', { name: 'Check the file' }).click()
  await expect(page.getByRole('heading', { name: 'What the file contains' })).toBeVisible()
  await expect(page.getByTestId('import-total')).toHaveText('11')
  await expect(page.getByTestId('import-valid')).toHaveText('11')
  await expect(page.getByTestId('import-errors')).toHaveText('0')
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Import 11 records' }).click()
  await expect(page.getByText(/Import finished: \d+ new records from 11 valid rows/)).toBeVisible()

  // A file with errors shows them by line, with the report to download.
  await page.getByLabel('CSV file').setInputFiles({
    name: 'bad.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('worker_ref,module_code,completed_on,language,delivered_by\nX-1,WR-AWARE,13/31/2026,en,T\nX-2,NOPE,2026-01-05,en,T\n'),
  })
  await page.getByRole('button', { name: 'Check the file' }).click()
  await expect(page.getByRole('cell', { name: '"13/31/2026" is not a date in the form YYYY-MM-DD.' })).toBeVisible()
  await expect(page.getByRole('cell', { name: 'Unknown module code "NOPE".' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Download the error report (CSV)' })).toBeVisible()
  await expect(page.getByText('No row can be imported.')).toBeVisible()
  await expectAccessible(page)
})
