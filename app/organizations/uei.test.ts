import { describe, expect, test } from 'vitest'
import { normalizeUei, ueiProblem } from './uei'

describe('UEI validation (SAM rules)', () => {
  test.each(['JF4VBCWLLA51', 'ZQGGHJH74DW7', 'M2KXNV3YD5J8'])('accepts %s', (uei) => {
    expect(ueiProblem(uei)).toBeUndefined()
  })

  test.each([
    ['JF4VBCWLLA5', 'errors.uei.length'],
    ['JF4VBCWLLA512', 'errors.uei.length'],
    ['', 'errors.uei.length'],
    ['JF4VBCWLLA5!', 'errors.uei.characters'],
    ['JF4VBCWLLO51', 'errors.uei.letters'],
    ['JF4VBCWLLI51', 'errors.uei.letters'],
    ['0F4VBCWLLA51', 'errors.uei.firstZero'],
  ])('rejects %s with %s', (uei, problem) => {
    expect(ueiProblem(uei)).toBe(problem)
  })

  test('normalizes spaces, dashes and case the way people paste them', () => {
    expect(normalizeUei(' jf4v bcwl-la51 ')).toBe('JF4VBCWLLA51')
  })
})
