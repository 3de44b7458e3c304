import { describe, expect, test } from 'vitest'
import { isoDayInLosAngeles, neutralizeCsvCell } from './csv'

describe('neutralizeCsvCell', () => {
  test.each(['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])('%j gets an apostrophe', (cell) => {
    expect(neutralizeCsvCell(cell)).toBe(`'${cell}`)
  })

  test.each(['Sunrise Janitorial Services LLC', 'DEMSUNR1SE26', '', "O'Brien & Sons", ' =leading space', 'a=b'])('%j stays as it is', (cell) => {
    expect(neutralizeCsvCell(cell)).toBe(cell)
  })
})

test('isoDayInLosAngeles shows the Los Angeles calendar day', () => {
  // 05:00 UTC is still the previous evening in Los Angeles.
  expect(isoDayInLosAngeles(new Date('2027-03-02T05:00:00Z'))).toBe('2027-03-01')
  expect(isoDayInLosAngeles(new Date('2027-03-02T20:00:00Z'))).toBe('2027-03-02')
})
