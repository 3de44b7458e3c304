import { z } from 'zod'
import catalogData from '../../templates/training/catalog.json'
import type { Prisma, PrismaClient } from '~/generated/prisma/client'
import { db } from '~/db/db.server'
import { canonicalLanguageTag } from './language'

// The worker training catalog (product.md §7) is data under templates/training/catalog.json,
// loaded into TrainingModule at every start. A module is matched by its code: new codes are
// added, known ones updated in place (titles, languages, audience, validity), and a code removed
// from the file is marked inactive rather than deleted, because records still point at it.

const ModuleSchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, 'codes are upper-case letters, digits and hyphens'),
  titles: z.strictObject({ en: z.string().trim().min(1), es: z.string().trim().min(1) }),
  languages: z
    .array(z.string())
    .min(1)
    .refine((tags) => tags.every((tag) => canonicalLanguageTag(tag) !== null), 'languages must be BCP 47 tags'),
  audience: z.enum(['all_workers', 'supervisors', 'recruiters']),
  validityMonths: z.number().int().min(1).max(120),
})

const CatalogSchema = z.object({
  $comment: z.string().optional(),
  modules: z
    .array(ModuleSchema)
    .min(1)
    .refine((modules) => new Set(modules.map((m) => m.code)).size === modules.length, 'module codes must be unique'),
})

export type CatalogModule = z.output<typeof ModuleSchema>

export function readCatalog(data: unknown = catalogData): CatalogModule[] {
  const parsed = CatalogSchema.safeParse(data)
  if (!parsed.success) throw new Error(`templates/training/catalog.json is not a valid catalog: ${z.prettifyError(parsed.error)}`)
  return parsed.data.modules.map((m) => ({ ...m, languages: m.languages.map((tag) => canonicalLanguageTag(tag) ?? tag) }))
}

/** Store the catalog in TrainingModule; safe when several instances start at once. */
export async function syncTrainingCatalog(client: PrismaClient | Prisma.TransactionClient = db(), modules: CatalogModule[] = readCatalog()) {
  for (const m of modules) {
    const fields = { titles: m.titles, languages: m.languages, audience: m.audience, validityMonths: m.validityMonths, active: true }
    await client.trainingModule.upsert({ where: { code: m.code }, create: { code: m.code, ...fields }, update: fields })
  }
  await client.trainingModule.updateMany({ where: { code: { notIn: modules.map((m) => m.code) } }, data: { active: false } })
}

export type TrainingModuleSummary = {
  id: string
  code: string
  titles: { en: string; es: string }
  languages: string[]
  audience: 'all_workers' | 'supervisors' | 'recruiters'
  validityMonths: number
  active: boolean
}

const TitlesSchema = z.object({ en: z.string(), es: z.string() })

export async function listTrainingModules({ activeOnly = true }: { activeOnly?: boolean } = {}): Promise<TrainingModuleSummary[]> {
  const rows = await db().trainingModule.findMany({
    where: activeOnly ? { active: true } : {},
    orderBy: { code: 'asc' },
    select: { id: true, code: true, titles: true, languages: true, audience: true, validityMonths: true, active: true },
  })
  return rows.map((row) => ({ ...row, titles: TitlesSchema.parse(row.titles) }))
}
