import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import { z } from 'zod'
import { recomputeRiskForContract } from '~/attestations/attestations.server'
import { recordAuditEvent } from '~/audit/audit.server'
import type { Prisma, PrismaClient } from '~/generated/prisma/client'
import { parseGoodsCsv, type CsvProblem, type GoodsListRow } from './csv.server'
import { GOODS_LISTS, type GoodsListCode } from './names'

// Editions of the high-risk goods lists (product.md §5): the DOL ILAB List of Goods Produced by
// Child Labor or Forced Labor (TVPRA, 22 U.S.C. 7112(b)(2)(C)) and the EO 13126 list (FAR
// 22.1503). One edition per list is active and used for matching; older editions stay stored,
// inactive, so what a past assessment used can still be told.

type Client = PrismaClient | Prisma.TransactionClient

// pg_advisory_xact_lock key for changing which edition is active (distinct from the audit and
// migration locks): two imports, or an import and a start-up sync, never interleave.
const GOODS_EDITION_LOCK_KEY = 4_271_338_014n

export function defaultGoodsDirectory() {
  return path.resolve('templates', 'goods')
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/
const isoDay = z
  .string()
  .regex(ISO_DAY)
  .refine((value) => new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'not a calendar date')

const ManifestSchema = z.strictObject({
  editions: z.array(
    z.strictObject({
      list: z.enum(GOODS_LISTS),
      edition: z.string().trim().min(1).max(40),
      title: z.string().min(1),
      publishedOn: isoDay,
      file: z.string().regex(/^[\w.-]+\.csv$/),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      rowCount: z.number().int().positive(),
      source: z.string().min(1),
      caveats: z.array(z.string()),
    }),
  ),
})
export type GoodsManifest = z.output<typeof ManifestSchema>

export async function readGoodsManifest(directory = defaultGoodsDirectory()): Promise<GoodsManifest> {
  const parsed = ManifestSchema.safeParse(JSON.parse(await fs.readFile(path.join(directory, 'manifest.json'), 'utf8')))
  if (!parsed.success) throw new Error(`templates/goods/manifest.json is not valid:\n${z.prettifyError(parsed.error)}`)
  return parsed.data
}

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`)

/**
 * Store a new edition's rows and make it the list's active edition when no active edition of
 * the list is as recent (`activate: 'if-newest'`, the start-up sync) or always (`'always'`, an
 * operator's import). Contracts whose declared goods matched the old or match the new edition
 * get the risk of their open attestations recomputed, in the same transaction.
 */
async function storeEdition(
  tx: Prisma.TransactionClient,
  input: { list: GoodsListCode; edition: string; publishedOn: string; source: string; rows: GoodsListRow[]; activate: 'always' | 'if-newest'; now: Date },
) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${GOODS_EDITION_LOCK_KEY}::bigint)`
  const existing = await tx.goodsListEdition.findUnique({ where: { list_edition: { list: input.list, edition: input.edition } }, select: { id: true } })
  if (existing) return { stored: false as const, active: false, recomputed: [] }
  const created = await tx.goodsListEdition.create({
    data: { list: input.list, edition: input.edition, publishedOn: day(input.publishedOn), source: input.source, importedAt: input.now, rowCount: input.rows.length, active: false },
    select: { id: true },
  })
  await tx.goodsListEntry.createMany({ data: input.rows.map((row) => ({ ...row, editionId: created.id })) })
  const newer = await tx.goodsListEdition.count({ where: { list: input.list, active: true, publishedOn: { gte: day(input.publishedOn) } } })
  if (input.activate === 'if-newest' && newer > 0) return { stored: true as const, active: false, recomputed: [] }
  // Contracts declaring a good that the outgoing or the incoming edition lists.
  const affected = await tx.$queryRaw<{ contractId: string; agencyId: string }[]>`
    SELECT DISTINCT cg."contractId", c."agencyId"
    FROM "ContractGood" cg
    JOIN "Contract" c ON c.id = cg."contractId"
    JOIN "GoodsListEntry" e ON e."goodKey" = cg."goodKey" AND e."countryCode" = cg."countryCode"
    JOIN "GoodsListEdition" ed ON ed.id = e."editionId"
    WHERE ed.list = ${input.list}::"GoodsList" AND (ed.active OR ed.id = ${created.id})
    ORDER BY cg."contractId"`
  await tx.goodsListEdition.updateMany({ where: { list: input.list, active: true }, data: { active: false } })
  await tx.goodsListEdition.update({ where: { id: created.id }, data: { active: true } })
  const recomputed: string[] = []
  for (const contract of affected) {
    const changed = await recomputeRiskForContract(tx, { contractId: contract.contractId, actorUserId: null, organizationId: contract.agencyId })
    if (changed.length > 0) recomputed.push(contract.contractId)
  }
  return { stored: true as const, active: true, recomputed, editionId: created.id, affectedContracts: affected.length }
}

export type GoodsSyncResult = { inserted: string[]; unchanged: string[] }

/**
 * Store the editions shipped under templates/goods (start-up, like syncTemplates): a missing
 * edition is read (its SHA-256 checked against the manifest), stored, and made active unless an
 * edition of its list at least as recent is already active (an operator's newer import stays in
 * force). Idempotent; safe when several instances start at once.
 */
export async function syncShippedGoodsLists(client: PrismaClient, { directory = defaultGoodsDirectory(), now = new Date() }: { directory?: string; now?: Date } = {}): Promise<GoodsSyncResult> {
  const manifest = await readGoodsManifest(directory)
  const stored = await client.goodsListEdition.findMany({ select: { list: true, edition: true } })
  const result: GoodsSyncResult = { inserted: [], unchanged: [] }
  for (const entry of manifest.editions) {
    const name = `${entry.list} ${entry.edition}`
    if (stored.some((row) => row.list === entry.list && row.edition === entry.edition)) {
      result.unchanged.push(name)
      continue
    }
    const bytes = await fs.readFile(path.join(directory, entry.file))
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    if (sha256 !== entry.sha256) throw new Error(`templates/goods/${entry.file} does not match its SHA-256 in manifest.json (manifest ${entry.sha256}, file ${sha256}); shipped editions never change.`)
    const parsed = await parseGoodsCsv(Readable.from(bytes), entry.list)
    if (!parsed.ok) throw new Error(`templates/goods/${entry.file} is not a valid ${entry.list} file:\n${parsed.problems.map((p) => `line ${p.line ?? '-'}: ${p.message}`).join('\n')}`)
    const outcome = await client.$transaction(
      (tx) => storeEdition(tx, { list: entry.list, edition: entry.edition, publishedOn: entry.publishedOn, source: entry.source, rows: parsed.rows, activate: 'if-newest', now }),
      { timeout: 60_000 },
    )
    if (outcome.stored) result.inserted.push(name)
    else result.unchanged.push(name)
  }
  return result
}

export type GoodsImportInput = { list: GoodsListCode; edition: string; publishedOn: string; source: string; file: string; now?: Date }
export type GoodsImportResult =
  | { ok: true; editionId: string; rowCount: number; affectedContracts: number; recomputedContracts: string[] }
  | { ok: false; problems: CsvProblem[] }

/**
 * An operator loads a newer edition from a CSV file (npm run goods -- import). The file is
 * checked whole first; any problem returns the report and stores nothing. Otherwise the edition
 * becomes the list's active one in one transaction (older editions kept, inactive).
 */
export async function importGoodsEdition(client: PrismaClient, input: GoodsImportInput): Promise<GoodsImportResult> {
  const problems: CsvProblem[] = []
  if (!/^[\w.-]{1,40}$/.test(input.edition)) problems.push({ line: null, message: `--edition "${input.edition}" must be 1 to 40 letters, digits, dots or dashes (for example 2024)` })
  if (!isoDay.safeParse(input.publishedOn).success) problems.push({ line: null, message: `--published "${input.publishedOn}" is not a date like 2024-09-05` })
  if (input.source.trim() === '') problems.push({ line: null, message: '--source is empty' })
  const stored = await client.goodsListEdition.findUnique({ where: { list_edition: { list: input.list, edition: input.edition } }, select: { id: true } })
  if (stored) problems.push({ line: null, message: `edition ${input.edition} of the ${input.list} list is already stored; give the new edition another name` })
  try {
    await fs.access(input.file)
  } catch {
    problems.push({ line: null, message: `cannot read the file ${input.file}` })
  }
  if (problems.length > 0) return { ok: false, problems }
  const parsed = await parseGoodsCsv(createReadStream(input.file), input.list)
  if (!parsed.ok) return parsed
  const now = input.now ?? new Date()
  return client.$transaction(
    async (tx) => {
      const outcome = await storeEdition(tx, { list: input.list, edition: input.edition, publishedOn: input.publishedOn, source: input.source.trim(), rows: parsed.rows, activate: 'always', now })
      if (!outcome.stored || !outcome.editionId) return { ok: false as const, problems: [{ line: null, message: `edition ${input.edition} of the ${input.list} list is already stored` }] }
      await recordAuditEvent(tx, {
        action: 'goods.edition_imported',
        targetType: 'GoodsListEdition',
        targetId: outcome.editionId,
        data: { list: input.list, edition: input.edition, publishedOn: input.publishedOn, rowCount: parsed.rows.length, recomputedContracts: outcome.recomputed },
      })
      return { ok: true as const, editionId: outcome.editionId, rowCount: parsed.rows.length, affectedContracts: outcome.affectedContracts ?? 0, recomputedContracts: outcome.recomputed }
    },
    { timeout: 120_000 },
  )
}

/** Every stored edition, newest first per list. */
export function listGoodsEditions(client: Client) {
  return client.goodsListEdition.findMany({
    orderBy: [{ list: 'asc' }, { publishedOn: 'desc' }],
    select: { id: true, list: true, edition: true, publishedOn: true, source: true, importedAt: true, active: true, rowCount: true },
  })
}

/** Distinct goods of the active editions, for the contract form's suggestions. */
export async function activeGoodsNames(client: Client): Promise<string[]> {
  const rows = await client.goodsListEntry.findMany({ where: { edition: { active: true } }, distinct: ['goodKey'], orderBy: { good: 'asc' }, select: { good: true } })
  return rows.map((row) => row.good)
}
