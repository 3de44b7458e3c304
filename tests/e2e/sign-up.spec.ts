import { expect, followLinkInLatestMail, test, uniqueEmail, uniqueUei } from './support/fixtures'

test('a vendor signs up, confirms the email from the mail it receives, and lands in its organization', async ({ page }) => {
  const email = uniqueEmail('founder')
  const uei = uniqueUei()
  await page.goto('/signup')
  await page.getByLabel('Legal business name').fill('Bayview Facility Cleaning LLC')
  await page.getByLabel('Unique Entity ID (UEI)').fill(uei.toLowerCase())
  await page.getByLabel('Your full name').fill('Rosa Martínez')
  await page.getByLabel('Work email').fill(email)
  await page.getByLabel('Password', { exact: true }).fill('a long and memorable passphrase')
  await page.getByRole('button', { name: 'Create account' }).click()

  await expect(page.getByRole('heading', { name: 'Confirm your email address' })).toBeVisible()
  await expect(page.getByText(`We sent a link to ${email}`)).toBeVisible()

  const link = await followLinkInLatestMail(page, email, /Confirm/)
  await page.goto(link)
  await page.getByRole('button', { name: 'Confirm my email address' }).click()
  await expect(page.getByText('Your email address is confirmed.')).toBeVisible()

  await page.goto('/')
  await page.getByRole('link', { name: 'Go to Bayview Facility Cleaning LLC' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Bayview Facility Cleaning LLC' })).toBeVisible()
  await expect(page.getByText(uei)).toBeVisible()
  await expect(page.getByText('Owner')).toBeVisible()

  // The same link a second time is refused with a clear message.
  await page.goto(link)
  await expect(page.getByRole('alert')).toContainText('not valid or was already used')
})

test('the browser checks the form with the same rules as the server', async ({ page }) => {
  await page.goto('/signup')
  await page.getByLabel('Unique Entity ID (UEI)').fill('OF4VBCWLLA51')
  await page.getByLabel('Work email').fill('not-an-email')
  await page.getByLabel('Password', { exact: true }).fill('short')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByText('A UEI never contains the letters O or I.')).toBeVisible()
  await expect(page.getByText('Enter an email address like name@example.com.')).toBeVisible()
  await expect(page.getByText('Use at least 12 characters.')).toBeVisible()
  await expect(page).toHaveURL(/\/signup$/)
})

test('a duplicate UEI gets a friendly error from the server and the form keeps what was typed', async ({ page }) => {
  await page.goto('/signup')
  await page.getByLabel('Legal business name').fill('Copycat Janitorial')
  // The demo vendor Sunrise Janitorial holds this UEI.
  await page.getByLabel('Unique Entity ID (UEI)').fill('DEMSUNR1SE26')
  await page.getByLabel('Your full name').fill('Sam Copy')
  await page.getByLabel('Work email').fill(uniqueEmail('copycat'))
  await page.getByLabel('Password', { exact: true }).fill('a long and memorable passphrase')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByText('An organization with this UEI is already registered.')).toBeVisible()
  await expect(page.getByLabel('Legal business name')).toHaveValue('Copycat Janitorial')
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the server validates, answers 400 with the errors, and keeps what was typed', async ({ page }) => {
    await page.goto('/signup')
    await page.getByLabel('Legal business name').fill('No Script Services')
    await page.getByLabel('Unique Entity ID (UEI)').fill('0BADUEI')
    await page.getByLabel('Work email').fill(uniqueEmail('noscript'))
    const responsePromise = page.waitForResponse((r) => r.url().includes('/signup') && r.request().method() === 'POST')
    await page.getByRole('button', { name: 'Create account' }).click()
    const response = await responsePromise
    expect(response.status()).toBe(400)
    await expect(page.getByText('A UEI has exactly 12 characters.')).toBeVisible()
    await expect(page.getByText('This field is required.').first()).toBeVisible()
    await expect(page.getByLabel('Legal business name')).toHaveValue('No Script Services')
  })

  test('a complete sign-up works', async ({ page }) => {
    const email = uniqueEmail('noscript-ok')
    await page.goto('/signup')
    await page.getByLabel('Legal business name').fill('Plain HTML Landscaping')
    await page.getByLabel('Unique Entity ID (UEI)').fill(uniqueUei())
    await page.getByLabel('Your full name').fill('Lee Plain')
    await page.getByLabel('Work email').fill(email)
    await page.getByLabel('Password', { exact: true }).fill('a long and memorable passphrase')
    await page.getByRole('button', { name: 'Create account' }).click()
    await expect(page.getByText(`We sent a link to ${email}`)).toBeVisible()
  })
})
