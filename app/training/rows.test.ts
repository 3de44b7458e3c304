import { describe, expect, test } from 'vitest'
import { addMonths, parseIsoDay } from './dates'
import { canonicalLanguageTag } from './language'
import { checkHeader, validateRow, type RowContext } from './rows'

const header = checkHeader(['worker_ref', 'worker_name', 'module_code', 'completed_on', 'language', 'delivered_by', 'hours'])
if (!header.ok) throw new Error('the standard header must pass')
const context: RowContext = { index: header.index, moduleCodes: new Set(['WR-AWARE', 'ETH-RECRUIT']), today: '2026-06-15' }
const row = (overrides: Partial<Record<string, string>> = {}) => {
  const values = { worker_ref: 'W-1', worker_name: 'Ana', module_code: 'WR-AWARE', completed_on: '2026-01-05', language: 'es', delivered_by: 'CAST', hours: '1.5', ...overrides }
  return [values.worker_ref, values.worker_name, values.module_code, values.completed_on, values.language, values.delivered_by, values.hours]
}
const keys = (fields: string[]) => {
  const result = validateRow(fields, context)
  return result.ok ? [] : result.problems.map((p) => [p.column, p.key])
}

describe('header', () => {
  test('columns in any order and case; optional ones may be left out', () => {
    const result = checkHeader(['Language', 'MODULE_CODE', 'worker_ref', 'completed_on', 'delivered_by'])
    expect(result.ok).toBe(true)
  })

  test('missing, misspelled (with the likely intended name) and repeated columns are named', () => {
    expect(checkHeader(['worker_ref', 'workr_name', 'module code', 'completed_on', 'completed_on', 'lang', 'delivered_by', 'notes'])).toEqual({
      ok: false,
      missing: ['module_code', 'language'],
      unknown: [
        { name: 'workr_name', suggestion: 'worker_name' },
        { name: 'module code', suggestion: 'module_code' },
        { name: 'lang', suggestion: null },
        { name: 'notes', suggestion: null },
      ],
      duplicated: ['completed_on'],
    })
  })
})

describe('rows', () => {
  test('a valid row: trimmed, module code upper-cased, language canonicalized, name optional', () => {
    expect(validateRow(row({ worker_ref: ' W-1 ', module_code: 'wr-aware', language: 'ES-mx', worker_name: '', hours: '' }), context)).toEqual({
      ok: true,
      row: { workerRef: 'W-1', workerName: null, moduleCode: 'WR-AWARE', completedOn: '2026-01-05', language: 'es-MX', deliveredBy: 'CAST', hours: null },
    })
  })

  test('dates: strict YYYY-MM-DD, real calendar days, not in the future', () => {
    expect(keys(row({ completed_on: '13/31/2026' }))).toEqual([['completed_on', 'training.row.date']])
    expect(keys(row({ completed_on: '2026-13-01' }))).toEqual([['completed_on', 'training.row.date']])
    expect(keys(row({ completed_on: '2026-02-29' }))).toEqual([['completed_on', 'training.row.date']])
    expect(keys(row({ completed_on: '2026-1-5' }))).toEqual([['completed_on', 'training.row.date']])
    expect(keys(row({ completed_on: '2026-06-16' }))).toEqual([['completed_on', 'training.row.dateFuture']])
    expect(keys(row({ completed_on: '1999-12-31' }))).toEqual([['completed_on', 'training.row.dateTooOld']])
    expect(keys(row({ completed_on: '2024-02-29' }))).toEqual([])
  })

  test('languages must be BCP 47 tags', () => {
    for (const bad of ['english', 'Spanish!', 'en_US', 'x-klingon', '123', 'e']) expect(keys(row({ language: bad })), bad).toEqual([['language', 'training.row.language']])
    for (const good of ['en', 'es-419', 'zh-Hant', 'tl', 'hy', 'km', 'yue']) expect(keys(row({ language: good })), good).toEqual([])
  })

  test('hours: optional, not negative, at most 999.99', () => {
    expect(keys(row({ hours: '-2' }))).toEqual([['hours', 'training.row.hoursNegative']])
    expect(keys(row({ hours: '1000' }))).toEqual([['hours', 'training.row.hours']])
    expect(keys(row({ hours: '1.555' }))).toEqual([['hours', 'training.row.hours']])
    expect(keys(row({ hours: 'two' }))).toEqual([['hours', 'training.row.hours']])
    expect(keys(row({ hours: '0' }))).toEqual([])
  })

  test('unknown modules and missing required values; every problem of the row is reported', () => {
    expect(keys(row({ module_code: 'NOPE', worker_ref: '', delivered_by: '' }))).toEqual([
      ['worker_ref', 'training.row.required'],
      ['delivered_by', 'training.row.required'],
      ['module_code', 'training.row.unknownModule'],
    ])
  })

  test('a short row (fewer fields) reads the missing ones as empty', () => {
    expect(keys(['W-1', 'Ana', 'WR-AWARE'])).toEqual([
      ['delivered_by', 'training.row.required'],
      ['completed_on', 'training.row.required'],
      ['language', 'training.row.required'],
    ])
  })
})

describe('dates and languages', () => {
  test('expiry adds months and clamps to the month end, like PostgreSQL', () => {
    const day = (s: string) => parseIsoDay(s) ?? new Date(Number.NaN)
    expect(addMonths(day('2026-01-31'), 1).toISOString().slice(0, 10)).toBe('2026-02-28')
    expect(addMonths(day('2024-02-29'), 12).toISOString().slice(0, 10)).toBe('2025-02-28')
    expect(addMonths(day('2026-03-15'), 24).toISOString().slice(0, 10)).toBe('2028-03-15')
    expect(addMonths(day('2026-11-30'), 3).toISOString().slice(0, 10)).toBe('2027-02-28')
  })

  test('canonical tags', () => {
    expect(canonicalLanguageTag('zh-hant')).toBe('zh-Hant')
    expect(canonicalLanguageTag(' es ')).toBe('es')
    expect(canonicalLanguageTag('root')).toBeNull()
  })
})
