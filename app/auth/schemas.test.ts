import { describe, expect, test } from 'vitest'
import { SignUpSchema } from './schemas'

const valid = {
  legalName: 'Acme Janitorial LLC',
  uei: 'jf4v bcwlla51',
  name: 'Ana Compliance',
  email: ' Ana@Example.COM ',
  password: 'correct horse battery',
}

describe('sign-up schema (shared by the browser and the server)', () => {
  test('normalizes the UEI and email', () => {
    const result = SignUpSchema.parse(valid)
    expect(result.uei).toBe('JF4VBCWLLA51')
    expect(result.email).toBe('ana@example.com')
  })

  test('names every bad field with a translatable message', () => {
    const result = SignUpSchema.safeParse({ legalName: '  ', uei: 'OF4VBCWLLA51', name: 'x'.repeat(121), email: 'not-an-email', password: 'short' })
    expect(result.success).toBe(false)
    const messages = Object.fromEntries(result.error?.issues.map((i) => [i.path.join('.'), i.message]) ?? [])
    expect(messages).toEqual({
      legalName: 'errors.required',
      uei: 'errors.uei.letters',
      name: 'errors.tooLong',
      email: 'errors.email',
      password: 'errors.password.short',
    })
  })

  test('missing fields are "required", not a type error', () => {
    const result = SignUpSchema.safeParse({})
    expect(result.error?.issues.every((i) => i.message === 'errors.required')).toBe(true)
    expect(result.error?.issues).toHaveLength(5)
  })
})
