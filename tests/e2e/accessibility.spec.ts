import { expect, expectAccessible, signIn, test } from './support/fixtures'

// WCAG 2.1 AA (product.md §10): axe finds no violations on each page, in English and Spanish,
// and the page can be used from the keyboard alone.

const publicPages = ['/', '/signup', '/signin', '/forgot-password', '/verify-email', '/verify', '/workers', '/a-page-that-does-not-exist']

for (const lang of ['en', 'es'] as const) {
  test.describe(`public pages (${lang})`, () => {
    test.use({ locale: lang === 'es' ? 'es-US' : 'en-US', extraHTTPHeaders: { 'Accept-Language': lang === 'es' ? 'es-US,es' : 'en-US,en' } })
    for (const path of publicPages) {
      test(`${path} has no axe violations`, async ({ page }) => {
        await page.goto(path)
        await expect(page.locator('html')).toHaveAttribute('lang', lang)
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
        await expectAccessible(page)
      })
    }
  })
}

test('signed-in pages have no axe violations', async ({ page }) => {
  await signIn(page, 'owner@sunrise.demo')
  await page.goto('/')
  await page.getByRole('link', { name: /Go to Sunrise Janitorial/ }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Sunrise Janitorial Services LLC' })).toBeVisible()
  await expectAccessible(page)
  await page.getByRole('navigation').getByRole('link', { name: 'People' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /People in Sunrise/ })).toBeVisible()
  await expectAccessible(page)
  await page.getByRole('link', { name: 'My account' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible()
  await expectAccessible(page)
})

test('form errors are announced next to their fields and pass axe', async ({ page }) => {
  await page.goto('/signup')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByRole('alert')).toContainText('Please correct the errors below.')
  const uei = page.getByLabel('Unique Entity ID (UEI)')
  await expect(uei).toHaveAttribute('aria-invalid', 'true')
  await expect(uei).toHaveAccessibleDescription(/12 letters and digits.*This field is required\./)
  await expectAccessible(page)
})

test('keyboard only: the skip link is first and moves focus to the main content', async ({ page }) => {
  await page.goto('/')
  await page.keyboard.press('Tab')
  const skip = page.getByRole('link', { name: 'Skip to main content' })
  await expect(skip).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.locator('main')).toBeFocused()
  // Tabbing on from the main content reaches its first action.
  await page.keyboard.press('Tab')
  await expect(page.getByRole('link', { name: 'Create a vendor account' }).last()).toBeFocused()
})

test('keyboard only: a person can sign in without a mouse', async ({ page }) => {
  await page.goto('/signin')
  await page.getByLabel('Email').focus()
  await page.keyboard.type('member@sunrise.demo')
  await page.keyboard.press('Tab')
  await page.keyboard.type('demo-password-2026')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible()
})

test('vendor workspace pages have no axe violations, in English and Spanish', async ({ page }) => {
  await signIn(page, 'owner@sunrise.demo')
  await page.goto('/')
  await page.getByRole('link', { name: /Go to Sunrise Janitorial/ }).click()
  // Let the organization page finish loading before the next click (an interrupted navigation is a console error).
  await expect(page.getByRole('heading', { level: 1, name: /^Sunrise Janitorial/ })).toBeVisible()
  const nav = page.getByRole('navigation')
  for (const [link, heading] of [
    ['Declarations', 'Declarations'],
    ['Contracts', 'Contracts'],
    ['Documents', /Documents/],
  ] as const) {
    await nav.getByRole('link', { name: link }).click()
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible()
    await expectAccessible(page)
  }
  await nav.getByRole('link', { name: 'Contracts' }).click()
  await page.getByRole('link', { name: 'Register a contract' }).click()
  await page.getByRole('button', { name: 'Save contract' }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  await expectAccessible(page)
  // The approved demo declaration, read-only.
  await nav.getByRole('link', { name: 'Declarations' }).click()
  await page.getByRole('link', { name: 'Open' }).first().click()
  await expect(page.getByText('Approved').first()).toBeVisible()
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Español' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'es')
  await expectAccessible(page)
})

test('agency workspace pages have no axe violations', async ({ page }) => {
  await signIn(page, 'agency-admin@pcta.demo')
  await page.goto('/')
  await page.getByRole('link', { name: /Go to Pacific Coast Transit Authority/ }).click()
  // Let the organization page finish loading before the next click (an interrupted navigation is a console error).
  await expect(page.getByRole('heading', { level: 1, name: /^Pacific Coast Transit Authority/ })).toBeVisible()
  const nav = page.getByRole('navigation')
  await nav.getByRole('link', { name: 'Reviews' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Reviews' })).toBeVisible()
  await expectAccessible(page)
  await page.getByRole('row').filter({ hasText: 'Golden State' }).getByRole('link', { name: /Review/ }).click()
  await expect(page.getByText('High risk').first()).toBeVisible()
  await expectAccessible(page)
  await nav.getByRole('link', { name: 'Policy' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Agency policy' })).toBeVisible()
  await expectAccessible(page)
  await nav.getByRole('link', { name: 'Contracts' }).click()
  await page.getByRole('link', { name: 'Create a contract and invite the vendor' }).click()
  await expectAccessible(page)
})
