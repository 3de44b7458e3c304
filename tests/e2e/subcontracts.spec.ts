import { expect, expectAccessible, followLinkInLatestMail, signIn, test } from './support/fixtures'

// Subcontractor tiers (product.md §7): the prime invites by email, the invitee's owner accepts
// from the link in the mail, and the contract's tree shows the new tier 1 subcontractor.

test('a prime invites a subcontractor by email; its owner accepts from the mail and the tree shows tier 1', async ({ page, browser }) => {
  await signIn(page, 'owner@sunrise.demo')
  await page.goto('/')
  await page.getByRole('link', { name: /Go to Sunrise Janitorial/ }).click()
  // Let the organization page finish loading before the next click (an interrupted navigation is a console error).
  await expect(page.getByRole('heading', { level: 1, name: /^Sunrise Janitorial/ })).toBeVisible()
  await page.getByRole('navigation').getByRole('link', { name: 'Contracts', exact: true }).click()
  await page.getByRole('link', { name: /PCTA-\d{4}-0147/ }).click()
  await page.getByRole('link', { name: 'Subcontractors of this contract' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Subcontractors of contract PCTA-\d{4}-0147/ })).toBeVisible()
  await expectAccessible(page)

  // Bad input first: a message next to the field, nothing sent.
  await page.getByRole('button', { name: 'Send the invitation' }).click()
  await expect(page.getByText('This field is required.').first()).toBeVisible()

  await page.getByLabel('Company name').fill('Mesa Linen Supply')
  await page.getByLabel('Contact name').fill('Tomás Herrera')
  await page.getByLabel('Contact email').fill('owner@mesa.demo')
  await page.getByLabel('Scope of the subcontract').fill('Mop and towel laundering for station crews')
  await page.getByLabel('Value (USD, optional)').fill('42,000')
  await page.getByRole('button', { name: 'Send the invitation' }).click()
  await expect(page.getByText('Invitation sent to owner@mesa.demo.')).toBeVisible()
  await expect(page.getByRole('main').getByRole('listitem').filter({ hasText: 'Mesa Linen Supply' }).first()).toContainText('Invited')

  const treeUrl = page.url()
  const link = await followLinkInLatestMail(page, 'owner@mesa.demo', /Sunrise/)

  const guest = await browser.newContext()
  const invitee = await guest.newPage()
  await signIn(invitee, 'owner@mesa.demo')
  await invitee.goto(link)
  await expect(invitee.getByRole('heading', { level: 1, name: /Subcontract on contract PCTA-\d{4}-0147/ })).toBeVisible()
  await expectAccessible(invitee)
  await invitee.getByLabel('Accept for').selectOption({ label: 'Mesa Linen Supply (UEI DEMMESA7L1N6)' })
  await invitee.getByRole('button', { name: 'Accept the subcontract' }).click()
  await expect(invitee.getByText('You are now a tier 1 subcontractor on this contract.')).toBeVisible()
  const own = invitee.getByRole('main').getByRole('listitem').filter({ hasText: 'Mesa Linen Supply' }).first()
  await expect(own).toContainText('Tier 1')
  await expect(own).toContainText('Not started')
  // Its own part only: not the prime's other subcontractor.
  await expect(invitee.getByText('Harbor Landscaping Co.')).toHaveCount(0)
  await expectAccessible(invitee)

  // Flowdown: its own declaration, started from the contracts where it is a subcontractor.
  await invitee.getByRole('navigation').getByRole('link', { name: 'Contracts', exact: true }).click()
  await invitee.getByRole('link', { name: 'Where your organization is a subcontractor' }).click()
  await expect(invitee.getByRole('heading', { level: 1, name: 'Subcontracts' })).toBeVisible()
  await expectAccessible(invitee)
  await invitee.getByRole('button', { name: /Start the declaration/ }).first().click()
  await expect(invitee).toHaveURL(/\/attestations\/[a-z0-9]+/)
  await guest.close()

  await page.goto(treeUrl)
  const inPrimeTree = page.getByRole('main').getByRole('listitem').filter({ hasText: 'Mesa Linen Supply' }).first()
  await expect(inPrimeTree).toContainText('Tier 1')
  // The prime sees that its subcontractor's declaration is under way, nothing of its content.
  await expect(inPrimeTree).toContainText('Declaration in progress')
})

test('the agency sees the full tree with statuses and can download it as CSV', async ({ page }) => {
  await signIn(page, 'reviewer@pcta.demo')
  await page.goto('/')
  await page.getByRole('link', { name: /Go to Pacific Coast Transit Authority/ }).click()
  // Let the organization page finish loading before the next click (an interrupted navigation is a console error).
  await expect(page.getByRole('heading', { level: 1, name: /^Pacific Coast Transit Authority/ })).toBeVisible()
  await page.getByRole('navigation').getByRole('link', { name: 'Contracts', exact: true }).click()
  await page.getByRole('link', { name: 'PCTA-2028-0012' }).click()
  await page.getByRole('link', { name: 'Subcontractors of this contract' }).click()
  const bayview = page.getByRole('main').getByRole('listitem').filter({ hasText: 'Bayview Catering Cooperative' }).first()
  await expect(bayview).toContainText('Certified')
  await expect(page.getByRole('main').getByRole('listitem').filter({ hasText: 'Mesa Linen Supply' }).first()).toContainText('Tier 2')
  await expect(page.getByRole('main').getByRole('listitem').filter({ hasText: 'Coastline Security Services' }).first()).toContainText('Invited')
  await expectAccessible(page)
  const download = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Download the tree (CSV)' }).click()
  const file = await (await download).path()
  const { readFile } = await import('node:fs/promises')
  const csv = await readFile(file, 'utf8')
  expect(csv.split('\n')[0]).toContain('level,tier,organization')
  expect(csv).toContain('Mesa Linen Supply')
})
