// `npm run bench registry`: the public registry's first page and its CSV export
// (app/registry/registry.server.ts, export.server.ts), on a registry the size of the demo data and
// on a large one, with the query plans.
//
// Baseline, measured in the same run on the same data: looking up one certificate by number (the
// query behind /verify/<number>, the cheapest public page), and for the export, reading all the
// same rows with one unbatched query into memory. Reported: milliseconds (median of the runs)
// and the ratios to the baselines, the export's rows per second and the heap it grew by.
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseEnv, setEnv } from '~/config/env.server'
import { connectDatabase, db, disconnectDatabase } from '~/db/db.server'
import { applyMigrations } from '~/db/migrate.server'
import { ensureDatabase, startEmbeddedPostgres, withDatabase } from '~/db/postgres.server'
import { Prisma } from '~/generated/prisma/client'
import { registryCsvStream } from '~/registry/export.server'
import { registryPageSql, registryRowsInBatches, searchRegistry, type RegistryFilters } from '~/registry/registry.server'

const LARGE = { agencies: 20, vendors: 5_000, certificatesPerVendor: 3 }
const RUNS = 7

const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-bench-registry-'))
const server = await startEmbeddedPostgres({ directory: path.join(directory, 'postgres') })
const url = withDatabase(server.adminUrl, 'bench_registry')
await ensureDatabase(server.adminUrl, 'bench_registry')
await applyMigrations(url)
setEnv(parseEnv({ NODE_ENV: 'test', DATABASE_URL: url, APP_URL: 'https://portal.example', LOG_REQUESTS: 'false', DATA_DIR: directory }))
connectDatabase(url)

const none: RegistryFilters = { q: '', industry: '', agency: '' }
const industries = ['construction', 'hospitality', 'janitorial', 'cleaning', 'landscaping', 'event_staffing', 'security_services', 'agriculture']

/**
 * `vendors` vendors spread over `agencies` agencies, `perVendor` certificates each: the newest
 * valid, older ones superseded or expired, one in 25 revoked, one in 50 not yet valid.
 */
async function generate(prefix: string, { agencies, vendors, certificatesPerVendor }: typeof LARGE) {
  await db().$executeRawUnsafe(`
    INSERT INTO "Organization" (id, kind, "legalName", "naicsCodes", industries, "updatedAt")
    SELECT '${prefix}a' || g, 'agency', 'Bench Agency ${prefix} ' || g, '{}', '{}', now() FROM generate_series(1, ${agencies}) g`)
  await db().$executeRawUnsafe(`
    INSERT INTO "Organization" (id, kind, "legalName", uei, "naicsCodes", industries, "updatedAt")
    SELECT '${prefix}v' || g, 'vendor', initcap(md5(g::text)) || ' Services ${prefix} ' || g || ' LLC',
           '${prefix.toUpperCase()}' || lpad(g::text, ${11 - prefix.length}, '0') || 'Z', '{}', '{}', now()
    FROM generate_series(1, ${vendors}) g`)
  await db().$executeRawUnsafe(`
    INSERT INTO "Contract" (id, "agencyId", "primeVendorId", number, title, "estimatedValueCents", "startDate", "endDate", industries, "naicsCodes", "updatedAt")
    SELECT '${prefix}c' || g, '${prefix}a' || (1 + g % ${agencies}), '${prefix}v' || g, 'B-${prefix}-' || g, 'Services', 100000000, now(), now() + interval '2 years',
           ARRAY[(ARRAY[${industries.map((i) => `'${i}'`).join(',')}])[1 + g % ${industries.length}]], '{}', now()
    FROM generate_series(1, ${vendors}) g`)
  await db().$executeRawUnsafe(`
    INSERT INTO "Certificate" (id, number, "organizationId", "agencyId", scope, "issuedAt", "validFrom", "validUntil", status)
    SELECT '${prefix}x' || g || '-' || k, '${prefix.toUpperCase()}' || g || '-' || k, '${prefix}v' || g, '${prefix}a' || (1 + g % ${agencies}),
           jsonb_build_object('contractIds', jsonb_build_array('${prefix}c' || g), 'contractNumbers', jsonb_build_array('B-${prefix}-' || g)),
           now() - (k * interval '300 days'), now() - (k * interval '300 days') + CASE WHEN k = 0 AND g % 50 = 0 THEN interval '400 days' ELSE interval '0 days' END,
           now() - (k * interval '300 days') + interval '365 days',
           (CASE WHEN k = 0 AND g % 25 = 0 THEN 'revoked' WHEN k > 0 AND g % 2 = 0 THEN 'superseded' ELSE 'valid' END)::"CertificateStatus"
    FROM generate_series(1, ${vendors}) g, generate_series(0, ${certificatesPerVendor - 1}) k`)
  await db().$executeRawUnsafe('ANALYZE')
}

async function median(run: () => Promise<unknown>): Promise<number> {
  await run()
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    await run()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)] ?? NaN
}

async function exportCsv(filters: RegistryFilters): Promise<{ ms: number; rows: number; bytes: number; heapGrowthMb: number }> {
  global.gc?.()
  const heapBefore = process.memoryUsage().heapUsed
  let peak = heapBefore
  const start = performance.now()
  let bytes = 0
  let newlines = 0
  for await (const chunk of registryCsvStream(filters, { lang: 'en' })) {
    const text = String(chunk)
    bytes += Buffer.byteLength(text)
    newlines += text.split('\r\n').length - 1
    peak = Math.max(peak, process.memoryUsage().heapUsed)
  }
  return { ms: performance.now() - start, rows: newlines - 1, bytes, heapGrowthMb: (peak - heapBefore) / 2 ** 20 }
}

async function allAtOnce(filters: RegistryFilters): Promise<{ ms: number; heapGrowthMb: number }> {
  global.gc?.()
  const heapBefore = process.memoryUsage().heapUsed
  const start = performance.now()
  // One batch as large as the registry: a single query whose rows all sit in memory together.
  const rows: unknown[] = []
  for await (const row of registryRowsInBatches(filters, { batchSize: 10_000_000 })) rows.push(row)
  const ms = performance.now() - start
  return { ms, heapGrowthMb: rows.length > 0 ? (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20 : 0 }
}

async function explain(filters: RegistryFilters): Promise<string> {
  const rows = await db().$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN ${registryPageSql(filters, { page: 1, now: new Date() })}`)
  return rows
    .map((r) => r['QUERY PLAN'])
    .filter((line) => /Scan|Sort|Limit/.test(line))
    .map((line) => `    ${line.trim()}`)
    .join('\n')
}

async function report(label: string, agencyId: string, someNumber: string) {
  const total = (await searchRegistry(none)).total
  console.log(`\n${label}: ${total.toLocaleString('en-US')} currently valid certificates`)
  const verify = await median(() => db().certificate.findUnique({ where: { number: someNumber }, select: { number: true, status: true, organization: { select: { legalName: true } } } }))
  console.log(`  baseline, one certificate by number:        ${verify.toFixed(2)} ms`)
  for (const [name, filters] of [
    ['first page, no filter', none],
    ['first page, name contains "services 1"', { ...none, q: 'services 1' }],
    ['first page, one agency', { ...none, agency: agencyId }],
    ['first page, industry landscaping', { ...none, industry: 'landscaping' }],
  ] as const) {
    const ms = await median(() => searchRegistry(filters))
    console.log(`  ${`${name}:`.padEnd(44)}${ms.toFixed(2)} ms  (${(ms / verify).toFixed(1)}× baseline)`)
  }
  const baseline = await allAtOnce(none)
  const streamed = await exportCsv(none)
  console.log(`  baseline, all rows in one query (memory):   ${baseline.ms.toFixed(0)} ms, heap +${baseline.heapGrowthMb.toFixed(1)} MB`)
  console.log(
    `  CSV export, streamed in batches:            ${streamed.ms.toFixed(0)} ms for ${streamed.rows.toLocaleString('en-US')} rows (${Math.round(streamed.rows / (streamed.ms / 1000)).toLocaleString('en-US')} rows/s, ${(streamed.bytes / 2 ** 20).toFixed(1)} MB), peak heap +${streamed.heapGrowthMb.toFixed(1)} MB; ${(streamed.ms / baseline.ms).toFixed(1)}× the time`,
  )
  console.log('  plan, no filter:')
  console.log(await explain(none))
  console.log('  plan, one agency:')
  console.log(await explain({ ...none, agency: agencyId }))
}

try {
  await generate('dm', { agencies: 1, vendors: 31, certificatesPerVendor: 1 })
  await report('Demo size', 'dma1', 'DM1-0')
  await generate('lg', LARGE)
  await report(`Large (${LARGE.vendors.toLocaleString('en-US')} vendors × ${LARGE.certificatesPerVendor} certificates, ${LARGE.agencies} agencies)`, 'lga1', 'LG1-0')
} finally {
  await disconnectDatabase()
  await server.stop()
  await fs.rm(directory, { recursive: true, force: true })
}
