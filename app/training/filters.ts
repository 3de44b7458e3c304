import type { RecordFilters } from './workers.server'

// The records list's filters, read from the query string (?module=&status=&q=). Client-safe.

const STATUSES = ['current', 'expiring', 'overdue'] as const

export function recordFiltersFrom(params: URLSearchParams): RecordFilters {
  const moduleCode = (params.get('module') ?? '').trim().toUpperCase().slice(0, 32)
  const status = params.get('status') ?? ''
  const query = (params.get('q') ?? '').trim().slice(0, 100)
  return {
    moduleCode: moduleCode || undefined,
    status: (STATUSES as readonly string[]).includes(status) ? (status as RecordFilters['status']) : undefined,
    query: query || undefined,
  }
}
