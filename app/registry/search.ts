// The registry's search, as the browser may know it (no server code): the filters and their URL.

export const REGISTRY_PAGE_SIZE = 25
export const REGISTRY_QUERY_MAX_LENGTH = 200

export type RegistryFilters = {
  /** Part of the vendor's legal name (any case), or its exact UEI. Empty: any vendor. */
  q: string
  /** An industry code of templates/industries.json. Empty: any industry. */
  industry: string
  /** An agency's organization id. Empty: any agency. */
  agency: string
}

/** The query string for these filters (and page), leaving out what is empty or the first page. */
export function registrySearchString(filters: RegistryFilters, page = 1): string {
  const params = new URLSearchParams()
  if (filters.q) params.set('q', filters.q)
  if (filters.industry) params.set('industry', filters.industry)
  if (filters.agency) params.set('agency', filters.agency)
  if (page > 1) params.set('page', String(page))
  const text = params.toString()
  return text ? `?${text}` : ''
}
