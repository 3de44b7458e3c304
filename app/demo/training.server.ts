import type { Prisma, PrismaClient } from '~/generated/prisma/client'
import { syncTrainingCatalog } from '~/training/catalog.server'
import { addMonths, startOfUtcDay } from '~/training/dates'

// Demo rosters and training records (product.md §7), so the training pages show something real
// on a fresh installation: a mix of current, expiring-soon, overdue and untrained workers, many
// preferring Spanish. Names are fictional; worker references look like badge numbers.

type Client = PrismaClient | Prisma.TransactionClient

const FIRST = ['María', 'José', 'Guadalupe', 'Luis', 'Ana', 'Carlos', 'Rosa', 'Miguel', 'Lucía', 'Jorge', 'Nguyen', 'Min-jun', 'Ji-woo', 'Maria', 'Wei', 'Anahit', 'James', 'Keisha', 'Tuan', 'Elena', 'Ramón', 'Sofía', 'Arturo', 'Imelda', 'Daniel']
const LAST = ['Hernández', 'García', 'Martínez', 'López', 'Ramírez', 'Flores', 'Cruz', 'Reyes', 'Morales', 'Ortiz', 'Tran', 'Kim', 'Park', 'Santos', 'Chen', 'Petrosyan', 'Johnson', 'Williams', 'Pham', 'Gutiérrez', 'Castillo', 'Vargas', 'Mendoza', 'Aguilar', 'Bautista']
// Spanish first: most of the demo workforce prefers it.
const LANGUAGES = ['es', 'es', 'en', 'es', 'vi', 'ko', 'es', 'tl', 'zh-Hant', 'es', 'hy', 'en']
const TRAINERS = ['Coalition to Abolish Slavery & Trafficking (CAST), LA', 'In-house trainer', 'Worker center partner', 'Community interpreter service']

type Mix = { current: number; expiring: number; overdue: number; untrained: number }

const DAY = 86_400_000

async function seedRoster(client: Client, { organizationId, prefix, mix, moduleIds, now, offset }: { organizationId: string; prefix: string; mix: Mix; moduleIds: { awareness: string; supervisors: string }; now: Date; offset: number }) {
  const today = startOfUtcDay(now)
  const total = mix.current + mix.expiring + mix.overdue + mix.untrained
  const workers = Array.from({ length: total }, (_, i) => {
    const n = i + offset
    return {
      organizationId,
      workerRef: `${prefix}-${String(1001 + i)}`,
      // Every seventh worker is listed by reference only: the name is optional.
      displayName: i % 7 === 6 ? null : `${FIRST[n % FIRST.length]} ${LAST[(n * 7) % LAST.length]}`,
      preferredLanguage: LANGUAGES[n % LANGUAGES.length] ?? 'es',
    }
  })
  await client.worker.createMany({ data: workers })
  const stored = await client.worker.findMany({ where: { organizationId }, orderBy: { workerRef: 'asc' }, select: { id: true, preferredLanguage: true } })
  const records: Prisma.TrainingRecordCreateManyInput[] = []
  stored.forEach((worker, i) => {
    let completedOn: Date | null
    if (i < mix.current) completedOn = new Date(today.getTime() - (20 + ((i * 37) % 280)) * DAY)
    else if (i < mix.current + mix.expiring) completedOn = new Date(addMonths(today, -12).getTime() + (5 + ((i * 5) % 20)) * DAY)
    else if (i < mix.current + mix.expiring + mix.overdue) completedOn = new Date(addMonths(today, -14).getTime() - ((i * 11) % 90) * DAY)
    else completedOn = null
    if (!completedOn) return
    const language = worker.preferredLanguage ?? 'es'
    records.push({
      workerId: worker.id,
      moduleId: moduleIds.awareness,
      completedOn,
      expiresOn: addMonths(completedOn, 12),
      language,
      deliveredBy: TRAINERS[i % TRAINERS.length] ?? 'In-house trainer',
      hours: i % 3 === 0 ? '1.5' : '2',
    })
    // Crew leads also took the supervisors' module.
    if (i % 10 === 0) {
      const supervised = new Date(completedOn.getTime() + 7 * DAY)
      if (supervised <= today) {
        records.push({ workerId: worker.id, moduleId: moduleIds.supervisors, completedOn: supervised, expiresOn: addMonths(supervised, 12), language, deliveredBy: TRAINERS[0] ?? 'Trainer', hours: '3' })
      }
    }
  })
  await client.trainingRecord.createMany({ data: records })
}

/**
 * Rosters for the demo vendors. Sunrise and its landscaping subcontractor together just meet the
 * default 90% target on the Metro contract; Golden State is below it, which its risk tier shows.
 */
export async function seedDemoTraining(client: Client, { sunriseId, goldenStateId, harborId, now }: { sunriseId: string; goldenStateId: string; harborId: string; now: Date }) {
  await syncTrainingCatalog(client)
  const modules = await client.trainingModule.findMany({ where: { code: { in: ['WR-AWARE', 'SUP-IDENTIFY'] } }, select: { id: true, code: true } })
  const awareness = modules.find((m) => m.code === 'WR-AWARE')?.id
  const supervisors = modules.find((m) => m.code === 'SUP-IDENTIFY')?.id
  if (!awareness || !supervisors) throw new Error('The training catalog lacks WR-AWARE or SUP-IDENTIFY')
  const moduleIds = { awareness, supervisors }
  await seedRoster(client, { organizationId: sunriseId, prefix: 'SJS', mix: { current: 31, expiring: 5, overdue: 3, untrained: 1 }, moduleIds, now, offset: 0 })
  await seedRoster(client, { organizationId: goldenStateId, prefix: 'GSE', mix: { current: 16, expiring: 4, overdue: 3, untrained: 2 }, moduleIds, now, offset: 3 })
  await seedRoster(client, { organizationId: harborId, prefix: 'HLC', mix: { current: 10, expiring: 1, overdue: 1, untrained: 0 }, moduleIds, now, offset: 5 })
}
