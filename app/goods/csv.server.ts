import type { Readable } from 'node:stream'
import { parse } from 'csv-parse'
import { cleanGoodName, countryCodeFor, goodKey, type GoodsListCode } from './names'

// Reading a goods list edition from CSV (templates/goods/README.md), streamed row by row. The
// whole file is checked before anything is stored: a file with a missing column, an unknown
// country name, an empty good, a flag that is not true/false or a repeated row gives a report
// with line numbers, and the caller stores nothing.

export type GoodsListRow = {
  countryCode: string
  countryName: string
  good: string
  goodKey: string
  childLabor: boolean
  forcedLabor: boolean
  forcedChildLabor: boolean
}

export type CsvProblem = { line: number | null; message: string }

export type GoodsCsvResult = { ok: true; rows: GoodsListRow[] } | { ok: false; problems: CsvProblem[] }

const TVPRA_FLAGS = ['child_labor', 'forced_labor', 'forced_child_labor'] as const

/** Columns each list's file must have ("good or product": the EO 13126 file says "product"). */
export const REQUIRED_COLUMNS: Record<GoodsListCode, string[]> = {
  tvpra: ['country', 'good', ...TVPRA_FLAGS],
  eo13126: ['country', 'product'],
}

const TRUE = new Set(['true', 'yes', 'y', '1'])
const FALSE = new Set(['false', 'no', 'n', '0'])

function flag(value: string): boolean | undefined {
  const text = value.trim().toLowerCase()
  return TRUE.has(text) ? true : FALSE.has(text) ? false : undefined
}

const MAX_GOOD_LENGTH = 200
/** Reports stop growing here; the count of the rest is still given. */
export const MAX_REPORTED_PROBLEMS = 100

export async function parseGoodsCsv(input: Readable, list: GoodsListCode): Promise<GoodsCsvResult> {
  const problems: CsvProblem[] = []
  let extraProblems = 0
  const problem = (line: number | null, message: string) => {
    if (problems.length < MAX_REPORTED_PROBLEMS) problems.push({ line, message })
    else extraProblems += 1
  }
  const rows: GoodsListRow[] = []
  const seen = new Map<string, number>()
  let columns: Map<string, number> | undefined
  const parser = input.pipe(parse({ bom: true, info: true, skip_empty_lines: true, relax_column_count: true }))
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines
      if (!columns) {
        columns = new Map(record.map((name, index) => [name.trim().toLowerCase(), index]))
        // The EO 13126 column is "product"; "good" is accepted too.
        if (list === 'eo13126' && !columns.has('product') && columns.has('good')) columns.set('product', columns.get('good') ?? 0)
        const missing = REQUIRED_COLUMNS[list].filter((name) => !columns?.has(name))
        if (missing.length > 0) {
          return { ok: false, problems: [{ line, message: `missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')} (the header has: ${record.join(', ')})` }] }
        }
        continue
      }
      const cell = (name: string) => (record[columns?.get(name) ?? -1] ?? '').trim()
      const countryName = cell('country')
      const good = cleanGoodName(cell(list === 'tvpra' ? 'good' : 'product'))
      const countryCode = countryName === '' ? undefined : countryCodeFor(countryName)
      let valid = true
      if (countryName === '') {
        problem(line, 'the country is empty')
        valid = false
      } else if (!countryCode) {
        problem(line, `unknown country name "${countryName}" (a new spelling must be added to the alias table in app/goods/names.ts)`)
        valid = false
      }
      if (good === '') {
        problem(line, 'the good is empty')
        valid = false
      } else if (good.length > MAX_GOOD_LENGTH) {
        problem(line, `the good is longer than ${MAX_GOOD_LENGTH} characters`)
        valid = false
      }
      let flags = { childLabor: false, forcedLabor: false, forcedChildLabor: true }
      if (list === 'tvpra') {
        const [child, forced, forcedChild] = TVPRA_FLAGS.map((name) => {
          const value = flag(cell(name))
          if (value === undefined) problem(line, `${name} is "${cell(name)}", not true or false`)
          return value
        })
        if (child === undefined || forced === undefined || forcedChild === undefined) valid = false
        else if (!child && !forced && !forcedChild) {
          problem(line, 'no labor type: child_labor, forced_labor and forced_child_labor are all false')
          valid = false
        } else flags = { childLabor: child, forcedLabor: forced, forcedChildLabor: forcedChild }
      }
      if (!valid || !countryCode) continue
      const key = `${countryCode}\u0000${goodKey(good)}`
      const first = seen.get(key)
      if (first !== undefined) {
        problem(line, `repeats line ${first} (${countryName}, ${good})`)
        continue
      }
      seen.set(key, line)
      rows.push({ countryCode, countryName, good, goodKey: goodKey(good), ...flags })
    }
  } catch (error) {
    problem(null, `the file is not valid CSV: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (!columns) problem(null, 'the file is empty')
  else if (rows.length === 0 && problems.length === 0) problem(null, 'the file has a header but no rows')
  if (extraProblems > 0) problems.push({ line: null, message: `and ${extraProblems} more problems` })
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows }
}

/** The report a person reads: one problem per line, with its line number. */
export function formatProblems(problems: CsvProblem[]): string {
  return problems.map((p) => (p.line === null ? p.message : `line ${p.line}: ${p.message}`)).join('\n')
}
