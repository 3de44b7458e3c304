import { parseIsoDay } from './dates'
import { canonicalLanguageTag } from './language'

// One row of a training-record CSV (product.md §7 "validated row by row"): the header check and
// the row check, pure functions shared by the preview, the confirmation and the unit tests.
// Messages are i18n keys (app/training/messages.ts) with their placeholders.

export const REQUIRED_COLUMNS = ['worker_ref', 'module_code', 'completed_on', 'language', 'delivered_by'] as const
export const OPTIONAL_COLUMNS = ['worker_name', 'hours'] as const
export const CSV_COLUMNS = ['worker_ref', 'worker_name', 'module_code', 'completed_on', 'language', 'delivered_by', 'hours'] as const
export type CsvColumn = (typeof CSV_COLUMNS)[number]

export type RowProblem = {
  /** The column at fault, or null for the row as a whole. */
  column: CsvColumn | null
  key: RowErrorKey
  vars?: Record<string, string | number>
}

export type RowErrorKey =
  | 'training.row.required'
  | 'training.row.tooLong'
  | 'training.row.date'
  | 'training.row.dateFuture'
  | 'training.row.dateTooOld'
  | 'training.row.unknownModule'
  | 'training.row.language'
  | 'training.row.hours'
  | 'training.row.hoursNegative'
  | 'training.row.duplicate'
  | 'training.row.columnCount'

export type ValidRow = {
  workerRef: string
  workerName: string | null
  moduleCode: string
  completedOn: string
  language: string
  deliveredBy: string
  /** Decimal as text, up to two places ("1.5"), or null. */
  hours: string | null
}

export type HeaderResult =
  | { ok: true; index: Record<CsvColumn, number | undefined> }
  | { ok: false; missing: string[]; unknown: Array<{ name: string; suggestion: string | null }>; duplicated: string[] }

/** Map header names to positions; name missing, misspelled (with the likely intended name) and repeated ones. */
export function checkHeader(header: readonly string[]): HeaderResult {
  const names = header.map((name) => name.trim().toLowerCase())
  const index = Object.fromEntries(CSV_COLUMNS.map((column) => [column, undefined])) as Record<CsvColumn, number | undefined>
  const unknown: Array<{ name: string; suggestion: string | null }> = []
  const duplicated: string[] = []
  names.forEach((name, position) => {
    if (isColumn(name)) {
      if (index[name] !== undefined) duplicated.push(name)
      else index[name] = position
    } else if (name !== '') {
      unknown.push({ name: header[position]?.trim() ?? name, suggestion: closestColumn(name) })
    }
  })
  const missing = REQUIRED_COLUMNS.filter((column) => index[column] === undefined)
  if (missing.length > 0 || unknown.length > 0 || duplicated.length > 0) return { ok: false, missing, unknown, duplicated }
  return { ok: true, index }
}

function isColumn(name: string): name is CsvColumn {
  return (CSV_COLUMNS as readonly string[]).includes(name)
}

/** The expected column a misspelled header most likely meant (a typo or two, by edit distance), or null. */
function closestColumn(name: string): string | null {
  let best: { column: string; distance: number } | null = null
  for (const column of CSV_COLUMNS) {
    const distance = editDistance(name.replace(/[\s-]+/g, '_'), column)
    if (distance <= Math.max(1, Math.floor(column.length / 4)) && (!best || distance < best.distance)) best = { column, distance }
  }
  return best?.column ?? null
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length] ?? 0
}

export type RowContext = {
  index: Record<CsvColumn, number | undefined>
  /** Upper-case module codes of the active catalog. */
  moduleCodes: ReadonlySet<string>
  /** YYYY-MM-DD of today: no completion in the future. */
  today: string
}

const MAX_TEXT = { worker_ref: 64, worker_name: 200, delivered_by: 200 } as const
const EARLIEST_DAY = '2000-01-01'
const HOURS = /^\d{1,3}(\.\d{1,2})?$/

/** Check one data row; every problem of the row is reported, not only the first. */
export function validateRow(fields: readonly string[], context: RowContext): { ok: true; row: ValidRow } | { ok: false; problems: RowProblem[] } {
  const problems: RowProblem[] = []
  const value = (column: CsvColumn) => {
    const position = context.index[column]
    return position === undefined ? '' : (fields[position] ?? '').trim()
  }
  const required = (column: CsvColumn & keyof typeof MAX_TEXT) => {
    const text = value(column)
    if (text === '' && column !== 'worker_name') problems.push({ column, key: 'training.row.required' })
    else if (text.length > MAX_TEXT[column]) problems.push({ column, key: 'training.row.tooLong', vars: { max: MAX_TEXT[column] } })
    return text
  }
  if (fields.length > CSV_COLUMNS.length + 10) problems.push({ column: null, key: 'training.row.columnCount', vars: { count: fields.length } })

  const workerRef = required('worker_ref')
  const workerName = required('worker_name')
  const deliveredBy = required('delivered_by')

  const moduleCode = value('module_code').toUpperCase()
  if (moduleCode === '') problems.push({ column: 'module_code', key: 'training.row.required' })
  else if (!context.moduleCodes.has(moduleCode)) problems.push({ column: 'module_code', key: 'training.row.unknownModule', vars: { value: value('module_code').slice(0, 40) } })

  const completedOn = value('completed_on')
  if (completedOn === '') problems.push({ column: 'completed_on', key: 'training.row.required' })
  else if (!parseIsoDay(completedOn)) problems.push({ column: 'completed_on', key: 'training.row.date', vars: { value: completedOn.slice(0, 40) } })
  else if (completedOn > context.today) problems.push({ column: 'completed_on', key: 'training.row.dateFuture', vars: { value: completedOn } })
  else if (completedOn < EARLIEST_DAY) problems.push({ column: 'completed_on', key: 'training.row.dateTooOld', vars: { value: completedOn } })

  const languageText = value('language')
  const language = canonicalLanguageTag(languageText)
  if (languageText === '') problems.push({ column: 'language', key: 'training.row.required' })
  else if (!language) problems.push({ column: 'language', key: 'training.row.language', vars: { value: languageText.slice(0, 40) } })

  const hoursText = value('hours')
  let hours: string | null = null
  if (hoursText !== '') {
    if (/^-\s*\d/.test(hoursText)) problems.push({ column: 'hours', key: 'training.row.hoursNegative', vars: { value: hoursText.slice(0, 20) } })
    else if (!HOURS.test(hoursText)) problems.push({ column: 'hours', key: 'training.row.hours', vars: { value: hoursText.slice(0, 20) } })
    else hours = hoursText
  }

  if (problems.length > 0) return { ok: false, problems }
  return {
    ok: true,
    row: { workerRef, workerName: workerName === '' ? null : workerName, moduleCode, completedOn, language: language ?? languageText, deliveredBy, hours },
  }
}

/** The key that makes a record unique (TrainingRecord @@unique([workerId, moduleId, completedOn])). */
export function recordKey(row: Pick<ValidRow, 'workerRef' | 'moduleCode' | 'completedOn'>): string {
  return `${row.workerRef}\u0000${row.moduleCode}\u0000${row.completedOn}`
}
