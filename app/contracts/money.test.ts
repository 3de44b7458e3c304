import { describe, expect, test } from 'vitest'
import { centsToInput, formatUsd, parseUsdToCents } from './money'

describe('US dollars as integer cents', () => {
  test.each([
    ['1250000', 125_000_000n],
    ['$1,250,000', 125_000_000n],
    ['1,250,000.5', 125_000_050n],
    ['0.99', 99n],
    ['$ 12', 1200n],
    ['90071992547409931', 9007199254740993100n], // beyond 2^53: still exact
  ])('%s → %s cents', (input, cents) => {
    expect(parseUsdToCents(input)).toBe(cents)
  })

  test.each(['', 'abc', '1,25,000', '12.345', '-5', '1e6', '$'])('rejects %j', (input) => {
    expect(parseUsdToCents(input)).toBeUndefined()
  })

  test('formats for people and back for forms', () => {
    expect(formatUsd(125_000_000n)).toBe('$1,250,000')
    expect(formatUsd('125000050')).toBe('$1,250,000.50')
    expect(centsToInput(125_000_050n)).toBe('1250000.50')
    expect(centsToInput(125_000_000n)).toBe('1250000')
  })
})
