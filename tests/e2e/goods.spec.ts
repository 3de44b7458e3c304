import { expect, expectAccessible, signIn, test } from './support/fixtures'

// High-risk goods (product.md §5): a contract declares the goods it supplies and their source
// countries; a good on the DOL TVPRA list (or the EO 13126 list) for its country shows as a risk
// reason naming the good, the country and the labor type.

test('the demo event staffing contract shows its listed good and the risk reason', async ({ page }) => {
  await signIn(page, 'owner@goldenstate.demo')
  await page.goto('/')
  await page.getByRole('link', { name: /Go to Golden State/ }).click()
  // Let the organization page finish loading before the next click (an interrupted navigation is a console error).
  await expect(page.getByRole('heading', { level: 1, name: /^Golden State/ })).toBeVisible()
  await page.getByRole('navigation').getByRole('link', { name: 'Contracts' }).click()
  await page.getByRole('link', { name: /PCTA-2028-0012/ }).first().click()
  const goods = page.getByRole('region', { name: 'Goods supplied' })
  await expect(goods.getByRole('row').filter({ hasText: 'Garments' })).toContainText('DOL TVPRA list, edition 2022: child labor and forced labor')
  await expect(goods.getByRole('row').filter({ hasText: 'Two-way radios' })).toContainText('Not listed')
  await expect(page.getByText(/Garments from Bangladesh is on the DOL list of goods produced by child labor or forced labor \(TVPRA\) for child labor and forced labor/)).toBeVisible()
  await expectAccessible(page)
})

test('a vendor declares Bricks from Afghanistan on a new contract and sees the reason', async ({ page }) => {
  const number = `PCTA-GOODS-${Date.now().toString(36).toUpperCase()}`
  await signIn(page, 'owner@goldenstate.demo')
  await page.goto('/')
  await page.getByRole('link', { name: /Go to Golden State/ }).click()
  // Let the organization page finish loading before the next click (an interrupted navigation is a console error).
  await expect(page.getByRole('heading', { level: 1, name: /^Golden State/ })).toBeVisible()
  await page.getByRole('navigation').getByRole('link', { name: 'Contracts' }).click()
  await page.getByRole('link', { name: 'Register a contract' }).click()
  await page.getByLabel('Contracting agency').selectOption({ label: 'Pacific Coast Transit Authority (demo agency)' })
  await page.getByLabel('Contract number').fill(number)
  await page.getByLabel('Title', { exact: true }).fill('Depot renovation materials')
  await page.getByLabel('Estimated value (USD)').fill('40,000')
  await page.getByLabel('Start date').fill('2026-07-01')
  await page.getByLabel('End date').fill('2027-06-30')
  await page.getByLabel('US states and territories').selectOption(['CA'])

  // A country without its good is refused next to the field.
  await page.getByLabel('Source country of good 1').selectOption({ label: 'Afghanistan' })
  await page.getByRole('button', { name: 'Save contract' }).click()
  await expect(page.getByText('Enter the good, or clear the country.')).toBeVisible()

  await page.getByLabel('Good 1', { exact: true }).fill('Bricks')
  await page.getByRole('button', { name: 'Add another good' }).click()
  await page.getByLabel('Good 2', { exact: true }).fill('Coffee')
  await page.getByLabel('Source country of good 2').selectOption({ label: 'Ethiopia' })
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Save contract' }).click()

  await expect(page.getByText(`Contract ${number} registered.`)).toBeVisible()
  const goods = page.getByRole('region', { name: 'Goods supplied' })
  await expect(goods.getByRole('row').filter({ hasText: 'Bricks' })).toContainText('EO 13126 list, edition 2014')
  await expect(goods.getByRole('row').filter({ hasText: 'Coffee' })).toContainText('Not listed')
  // At least medium: Golden State is an event staffing company whose workers' training coverage is
  // below the agency's target, so other reasons may raise the tier further.
  await expect(page.getByRole('heading', { name: /(Medium|High) risk/ })).toBeVisible()
  await expect(page.getByText(/Bricks from Afghanistan is on .* for child labor and forced labor/)).toBeVisible()
  await expectAccessible(page)
})

test('an agency sees which editions of the goods lists are in use', async ({ page }) => {
  await signIn(page, 'reviewer@pcta.demo')
  await page.goto('/')
  await page.getByRole('link', { name: /Go to Pacific Coast Transit Authority/ }).click()
  // Let the organization page finish loading before the next click (an interrupted navigation is a console error).
  await expect(page.getByRole('heading', { level: 1, name: /^Pacific Coast Transit Authority/ })).toBeVisible()
  await page.getByRole('navigation').getByRole('link', { name: 'Policy' }).click()
  const editions = page.getByRole('region', { name: 'High-risk goods lists in use' })
  await expect(editions.getByRole('row').filter({ hasText: 'DOL TVPRA list' })).toContainText('2022')
  await expect(editions.getByRole('row').filter({ hasText: 'DOL TVPRA list' })).toContainText('457')
  await expect(editions.getByRole('row').filter({ hasText: 'EO 13126 list' })).toContainText('54')
  await expectAccessible(page)
})
