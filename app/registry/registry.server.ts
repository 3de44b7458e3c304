// The public registry of certified vendors (product.md §6 "Public registry"): every certificate
// that is valid right now — stored status "valid" and now within [validFrom, validUntil] — with its
// vendor, the industries of the contracts it covers and the agency that issued it. One row per
// certificate: a vendor certified by two agencies appears twice, once for each.
import { db } from '~/db/db.server'
import { Prisma } from '~/generated/prisma/client'
import { industries, industryByCode } from '~/risk/industries'
import { normalizeUei, ueiProblem } from '~/organizations/uei'
import type { MessageKey } from '~/i18n/i18n'
import { REGISTRY_PAGE_SIZE, REGISTRY_QUERY_MAX_LENGTH, type RegistryFilters } from './search'

export { REGISTRY_PAGE_SIZE, REGISTRY_QUERY_MAX_LENGTH, registrySearchString, type RegistryFilters } from './search'

/** Rows fetched per query while streaming the CSV export: memory stays flat whatever the total. */
export const REGISTRY_EXPORT_BATCH = 1000

export type RegistryRow = {
  number: string
  vendorName: string
  uei: string | null
  /** Industry codes of the contracts the certificate covers, in the order of the industry list. */
  industries: string[]
  agencyId: string | null
  agencyName: string | null
  validUntil: Date
}

export type RegistryAgency = { id: string; legalName: string }

export type RegistryFilterProblems = Partial<Record<keyof RegistryFilters, MessageKey>>

export type ParsedRegistrySearch = {
  filters: RegistryFilters
  /** null when the page parameter is missing. */
  page: number | null
  /** True when a page parameter was given but is not a whole number ≥ 1. */
  pageInvalid: boolean
  problems: RegistryFilterProblems
}

/** Agencies a person can filter by: every agency organization, by name. */
export async function listRegistryAgencies(): Promise<RegistryAgency[]> {
  return db().organization.findMany({
    where: { kind: 'agency' },
    select: { id: true, legalName: true },
    orderBy: [{ legalName: 'asc' }, { id: 'asc' }],
  })
}

/**
 * Reads the filters from a query string. Values that cannot match anything (an unknown agency or
 * industry, a search longer than REGISTRY_QUERY_MAX_LENGTH) are reported as problems, not
 * silently dropped: a person who follows a stale link must learn that the filter was wrong rather
 * than see a list that looks filtered but is not.
 */
export function parseRegistrySearch(params: URLSearchParams, agencies: readonly RegistryAgency[]): ParsedRegistrySearch {
  const q = (params.get('q') ?? '').trim()
  const industry = (params.get('industry') ?? '').trim()
  const agency = (params.get('agency') ?? '').trim()
  const problems: RegistryFilterProblems = {}
  if (q.length > REGISTRY_QUERY_MAX_LENGTH) problems.q = 'registry.error.qTooLong'
  if (industry !== '' && !industryByCode(industry)) problems.industry = 'registry.error.industry'
  if (agency !== '' && !agencies.some((a) => a.id === agency)) problems.agency = 'registry.error.agency'

  const rawPage = params.get('page')
  let page: number | null = null
  let pageInvalid = false
  if (rawPage !== null && rawPage !== '') {
    const parsed = /^\d{1,9}$/.test(rawPage) ? Number(rawPage) : NaN
    if (Number.isInteger(parsed) && parsed >= 1) page = parsed
    else pageInvalid = true
  }
  // Long input is echoed back into the form, but never more than the limit allows plus a little.
  return { filters: { q: q.slice(0, REGISTRY_QUERY_MAX_LENGTH + 50), industry, agency }, page, pageInvalid, problems }
}

/** `%` and `_` typed by a person are literal characters, not LIKE wildcards. */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

// The contracts in a certificate's scope ({ contractIds: [...] }; anything malformed is none), as
// "c.id = ANY (array)": PostgreSQL then reads them through the Contract primary key. Written as
// "c.id IN (SELECT …)" the planner scanned the whole Contract table once per certificate.
const inScope = Prisma.sql`c.id = ANY (ARRAY(SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(cert.scope -> 'contractIds') = 'array' THEN cert.scope -> 'contractIds' ELSE '[]'::jsonb END)))`

function whereClause(filters: RegistryFilters, now: Date): Prisma.Sql {
  const conditions: Prisma.Sql[] = [
    Prisma.sql`cert.status = 'valid'`,
    Prisma.sql`cert."validFrom" <= ${now}`,
    Prisma.sql`cert."validUntil" >= ${now}`,
  ]
  if (filters.q !== '') {
    const pattern = `%${escapeLikePattern(filters.q)}%`
    const uei = normalizeUei(filters.q)
    conditions.push(
      ueiProblem(uei) === undefined
        ? Prisma.sql`(o."legalName" ILIKE ${pattern} ESCAPE '\\' OR o.uei = ${uei})`
        : Prisma.sql`o."legalName" ILIKE ${pattern} ESCAPE '\\'`,
    )
  }
  if (filters.agency !== '') conditions.push(Prisma.sql`cert."agencyId" = ${filters.agency}`)
  if (filters.industry !== '') {
    conditions.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "Contract" c WHERE ${inScope} AND ${filters.industry} = ANY (c.industries))`,
    )
  }
  return Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}`
}

const fromClause = Prisma.sql`FROM "Certificate" cert
  JOIN "Organization" o ON o.id = cert."organizationId"
  LEFT JOIN "Organization" a ON a.id = cert."agencyId"`

/**
 * The rows of one page or batch: the certificates are picked, sorted and cut to `limit` first;
 * only then are the industries of those few certificates looked up, never of every match.
 */
function rowsQuery(filters: RegistryFilters, now: Date, { keyset = Prisma.empty, limit }: { keyset?: Prisma.Sql; limit: Prisma.Sql }): Prisma.Sql {
  return Prisma.sql`SELECT cert.number, cert."validUntil", cert."vendorName", cert.uei, cert."agencyId", cert."agencyName",
    ARRAY(SELECT DISTINCT industry FROM "Contract" c CROSS JOIN LATERAL unnest(c.industries) AS industry
          WHERE ${inScope}) AS industries
  FROM (
    SELECT cert.number, cert."validUntil", cert.scope, o."legalName" AS "vendorName", o.uei, cert."agencyId", a."legalName" AS "agencyName"
    ${fromClause} ${whereClause(filters, now)} ${keyset}
    ORDER BY o."legalName", cert.number
    ${limit}
  ) AS cert
  ORDER BY cert."vendorName", cert.number`
}

const industryOrder = new Map(industries.map((industry, index) => [industry.code, index]))

function byIndustryOrder(codes: string[]): string[] {
  return [...codes].sort((a, b) => (industryOrder.get(a) ?? Infinity) - (industryOrder.get(b) ?? Infinity) || a.localeCompare(b))
}

type RawRow = Omit<RegistryRow, 'industries'> & { industries: string[] | null }

const toRow = (row: RawRow): RegistryRow => ({ ...row, industries: byIndustryOrder(row.industries ?? []) })

/** The SQL of the page query, for EXPLAIN in tests and benchmarks. */
export function registryPageSql(filters: RegistryFilters, { page, now }: { page: number; now: Date }): Prisma.Sql {
  return rowsQuery(filters, now, { limit: Prisma.sql`LIMIT ${REGISTRY_PAGE_SIZE} OFFSET ${(page - 1) * REGISTRY_PAGE_SIZE}` })
}

export type RegistryPage = { rows: RegistryRow[]; total: number; page: number; pageCount: number }

/**
 * One page of the registry (25 rows, vendor name then certificate number: a stable order) and
 * the number of matching certificates. A page past the end comes back empty with the real
 * pageCount, so the caller can send the person to the last page.
 */
export async function searchRegistry(filters: RegistryFilters, { page = 1, now = new Date() }: { page?: number; now?: Date } = {}): Promise<RegistryPage> {
  const [rows, counted] = await Promise.all([
    db().$queryRaw<RawRow[]>(registryPageSql(filters, { page, now })),
    db().$queryRaw<{ total: number }[]>(Prisma.sql`SELECT count(*)::int AS total ${fromClause} ${whereClause(filters, now)}`),
  ])
  const total = counted[0]?.total ?? 0
  return { rows: rows.map(toRow), total, page, pageCount: Math.ceil(total / REGISTRY_PAGE_SIZE) }
}

/**
 * Every matching row, in the registry's order, fetched REGISTRY_EXPORT_BATCH at a time with a
 * keyset (vendor name, number) so that neither the database nor this process holds them all.
 * Every batch uses the same `now`, so a certificate expiring during the export is in or out, not both.
 */
export async function* registryRowsInBatches(
  filters: RegistryFilters,
  { now = new Date(), batchSize = REGISTRY_EXPORT_BATCH }: { now?: Date; batchSize?: number } = {},
): AsyncGenerator<RegistryRow> {
  let after: { vendorName: string; number: string } | null = null
  for (;;) {
    const keyset: Prisma.Sql = after ? Prisma.sql`AND (o."legalName", cert.number) > (${after.vendorName}, ${after.number})` : Prisma.empty
    const batch: RawRow[] = await db().$queryRaw<RawRow[]>(rowsQuery(filters, now, { keyset, limit: Prisma.sql`LIMIT ${batchSize}` }))
    for (const row of batch) yield toRow(row)
    const last = batch.at(-1)
    if (!last || batch.length < batchSize) return
    after = { vendorName: last.vendorName, number: last.number }
  }
}
