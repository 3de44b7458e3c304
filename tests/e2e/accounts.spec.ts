import { expect, followLinkInLatestMail, signIn, test, uniqueEmail } from './support/fixtures'

test('an owner invites a new colleague, who joins from the email with the invited role', async ({ page, browser }) => {
  const email = uniqueEmail('colleague')
  await signIn(page, 'owner@sunrise.demo')
  await page.goto('/')
  await page.getByRole('link', { name: /Go to Sunrise Janitorial/ }).click()
  // Let the organization page finish loading before the next click (an interrupted navigation is a console error).
  await expect(page.getByRole('heading', { level: 1, name: /^Sunrise Janitorial/ })).toBeVisible()
  await page.getByRole('navigation').getByRole('link', { name: 'People' }).click()
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Role').selectOption({ label: 'Authorized signer' })
  await page.getByRole('button', { name: 'Send invitation' }).click()
  await expect(page.getByText(`Invitation sent to ${email}.`)).toBeVisible()
  await expect(page.getByRole('region').or(page.locator('section')).filter({ hasText: 'Pending invitations' })).toContainText(email)

  const link = await followLinkInLatestMail(page, email, /Sunrise/)

  const guest = await browser.newContext()
  const invitee = await guest.newPage()
  await invitee.goto(link)
  await expect(invitee.getByRole('heading', { name: 'Join Sunrise Janitorial Services LLC' })).toBeVisible()
  await invitee.getByLabel('Your full name').fill('Dana Signer')
  await invitee.getByLabel('Choose a password').fill('another long passphrase')
  await invitee.getByRole('button', { name: 'Accept invitation' }).click()
  await expect(invitee.getByRole('heading', { level: 1, name: 'Sunrise Janitorial Services LLC' })).toBeVisible()
  await expect(invitee.getByText('Authorized signer')).toBeVisible()
  await guest.close()

  // The invitation is used: the owner's pending list no longer shows it, the people list does.
  await page.goto(page.url().replace(/\/dev\/mail.*/, '/'))
  await page.getByRole('link', { name: /Go to Sunrise Janitorial/ }).click()
  // Let the organization page finish loading before the next click (an interrupted navigation is a console error).
  await expect(page.getByRole('heading', { level: 1, name: /^Sunrise Janitorial/ })).toBeVisible()
  await page.getByRole('navigation').getByRole('link', { name: 'People' }).click()
  await expect(page.getByRole('row').filter({ hasText: email })).toContainText('Authorized signer')
})

test('a person who forgot the password resets it from the email; the old one stops working', async ({ page }) => {
  await page.goto('/forgot-password')
  await page.getByLabel('Email').fill('member@sunrise.demo')
  await page.getByRole('button', { name: 'Send reset link' }).click()
  await expect(page.getByText('If an account exists for member@sunrise.demo')).toBeVisible()

  const link = await followLinkInLatestMail(page, 'member@sunrise.demo', /password/i)
  await page.goto(link)
  await page.getByLabel('New password').fill('a brand new passphrase 2026')
  await page.getByRole('button', { name: 'Save new password' }).click()
  await expect(page.getByText('Your password was changed and you are signed in.')).toBeVisible()

  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Sign in', exact: true })).toBeVisible()
  await page.goto('/signin')
  await page.getByLabel('Email').fill('member@sunrise.demo')
  await page.getByLabel('Password').fill('demo-password-2026')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toContainText('The email or password is not correct.')
  await signIn(page, 'member@sunrise.demo', 'a brand new passphrase 2026')
})

test("a vendor cannot open another organization's pages: they are not found", async ({ page }) => {
  await signIn(page, 'owner@goldenstate.demo')
  await page.goto('/')
  await page.getByRole('link', { name: /Go to Golden State/ }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Golden State Event Staffing Inc.' })).toBeVisible()
  const goldenStateUrl = new URL(page.url()).pathname
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Sign in', exact: true })).toBeVisible()

  await signIn(page, 'owner@harbor.demo')
  for (const path of [goldenStateUrl, `${goldenStateUrl}/members`]) {
    const response = await page.goto(path)
    expect(response?.status()).toBe(404)
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible()
    await expect(page.getByText('Golden State')).toHaveCount(0)
  }
})

test('a member sees the people but cannot invite anyone', async ({ page }) => {
  await signIn(page, 'signer@sunrise.demo')
  await page.goto('/')
  await page.getByRole('link', { name: /Go to Sunrise Janitorial/ }).click()
  // Let the organization page finish loading before the next click (an interrupted navigation is a console error).
  await expect(page.getByRole('heading', { level: 1, name: /^Sunrise Janitorial/ })).toBeVisible()
  await page.getByRole('navigation').getByRole('link', { name: 'People' }).click()
  await expect(page.getByRole('row').filter({ hasText: 'owner@sunrise.demo' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Send invitation' })).toHaveCount(0)
})

test('the language switch turns the whole page into Spanish and remembers it', async ({ page }) => {
  await page.goto('/signin')
  await page.getByRole('button', { name: 'Español' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'es')
  await expect(page.getByRole('heading', { level: 1, name: 'Iniciar sesión' })).toBeVisible()
  await expect(page.getByText('Línea Nacional contra la Trata de Personas')).toBeVisible()
  await page.goto('/')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('El dinero público no debe pagar el trabajo forzoso')
  await page.getByRole('button', { name: 'English' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
})

test('a wrong password gets the same message as an unknown email', async ({ page }) => {
  await page.goto('/signin')
  await page.getByLabel('Email').fill('owner@harbor.demo')
  await page.getByLabel('Password').fill('not the password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  const wrongPassword = await page.getByRole('alert').innerText()
  await page.getByLabel('Email').fill(uniqueEmail('nobody'))
  await page.getByLabel('Password').fill('not the password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toHaveText(wrongPassword)
})
