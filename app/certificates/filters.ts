// The agency's certificate list filters (product.md §9 "vendor list with filters"), read from the
// URL of a GET form so a filtered view works without JavaScript and can be bookmarked.
// Client-safe. Anything unexpected is ignored rather than turned into an error page.

/** The states a person sees; "expired" is derived from validUntil, never stored. */
export const CERTIFICATE_STATES = ['valid', 'expired', 'revoked', 'superseded'] as const
export type CertificateStateFilter = (typeof CERTIFICATE_STATES)[number]

export const AGENCY_CERTIFICATES_PAGE_SIZE = 25

export type AgencyCertificateFilters = { state?: CertificateStateFilter; q?: string; page: number }

function isState(value: unknown): value is CertificateStateFilter {
  return typeof value === 'string' && (CERTIFICATE_STATES as readonly string[]).includes(value)
}

export function parseAgencyCertificateFilters(searchParams: URLSearchParams): AgencyCertificateFilters {
  const state = searchParams.get('status')
  const q = (searchParams.get('q') ?? '').trim().slice(0, 200)
  const page = Number.parseInt(searchParams.get('page') ?? '1', 10)
  return {
    ...(isState(state) ? { state } : {}),
    ...(q !== '' ? { q } : {}),
    page: Number.isSafeInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  }
}

/** The query string of the same view on another page (filters kept). */
export function agencyCertificatesSearch(filters: AgencyCertificateFilters, page: number): string {
  const params = new URLSearchParams()
  if (filters.state) params.set('status', filters.state)
  if (filters.q) params.set('q', filters.q)
  if (page > 1) params.set('page', String(page))
  const query = params.toString()
  return query === '' ? '' : `?${query}`
}
