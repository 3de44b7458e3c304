import type { Readable } from 'node:stream'
import { stringify } from 'csv-stringify'
import { recordAuditEvent } from '~/audit/audit.server'
import { db } from '~/db/db.server'
import { Prisma } from '~/generated/prisma/client'
import { addMonths, isoDay, parseIsoDay, startOfUtcDay } from './dates'
import { canonicalLanguageTag } from './language'
import { EXPIRING_WINDOW_DAYS } from './coverage.server'

// Workers and their training records (product.md §7). Every query is scoped by the organization
// from the membership check: a worker or record id of another organization finds nothing. Every
// change writes an audit event in its transaction.

export type WorkerInput = { workerRef: string; displayName: string; preferredLanguage: string }
export type RecordInput = { moduleId: string; completedOn: string; language: string; deliveredBy: string; hours: string }

type Failure<Field extends string, Key extends string> = { ok: false; field: Field; error: Key }

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'

export type WorkerStatusFilter = 'all' | 'current' | 'expiring' | 'overdue' | 'untrained' | 'inactive'

export const ROSTER_PAGE_SIZE = 50

/** A page of the roster with each worker's training status (latest all-worker training). */
export async function listWorkers(organizationId: string, { query = '', page = 1, asOf = new Date() }: { query?: string; page?: number; asOf?: Date } = {}) {
  const where: Prisma.WorkerWhereInput = {
    organizationId,
    ...(query ? { OR: [{ workerRef: { contains: query, mode: 'insensitive' } }, { displayName: { contains: query, mode: 'insensitive' } }] } : {}),
  }
  const [total, workers] = await Promise.all([
    db().worker.count({ where }),
    db().worker.findMany({
      where,
      orderBy: [{ active: 'desc' }, { workerRef: 'asc' }],
      skip: (page - 1) * ROSTER_PAGE_SIZE,
      take: ROSTER_PAGE_SIZE,
      select: {
        id: true,
        workerRef: true,
        displayName: true,
        preferredLanguage: true,
        active: true,
        trainingRecords: {
          where: { module: { audience: 'all_workers' } },
          orderBy: { expiresOn: 'desc' },
          take: 1,
          select: { expiresOn: true },
        },
      },
    }),
  ])
  const day = startOfUtcDay(asOf)
  return {
    total,
    pageSize: ROSTER_PAGE_SIZE,
    workers: workers.map(({ trainingRecords, ...worker }) => ({ ...worker, latestExpiresOn: trainingRecords[0]?.expiresOn ?? null, status: trainingStatus(trainingRecords[0]?.expiresOn ?? null, day) })),
  }
}

export type TrainingStatus = 'current' | 'expiring' | 'overdue' | 'untrained'

/** The status a training expiry date gives on `day` (the same rule as coverage.server.ts). */
export function trainingStatus(expiresOn: Date | null, day: Date): TrainingStatus {
  if (!expiresOn) return 'untrained'
  if (expiresOn <= day) return 'overdue'
  const soon = new Date(day.getTime() + EXPIRING_WINDOW_DAYS * 86_400_000)
  return expiresOn <= soon ? 'expiring' : 'current'
}

export async function getWorker(organizationId: string, workerId: string) {
  return db().worker.findFirst({
    where: { id: workerId, organizationId },
    select: {
      id: true,
      workerRef: true,
      displayName: true,
      preferredLanguage: true,
      active: true,
      trainingRecords: {
        orderBy: [{ completedOn: 'desc' }, { createdAt: 'desc' }],
        select: {
          id: true,
          completedOn: true,
          expiresOn: true,
          language: true,
          deliveredBy: true,
          hours: true,
          module: { select: { id: true, code: true, titles: true, audience: true } },
        },
      },
    },
  })
}

function workerData(input: WorkerInput) {
  return {
    workerRef: input.workerRef,
    displayName: input.displayName === '' ? null : input.displayName,
    preferredLanguage: input.preferredLanguage === '' ? null : canonicalLanguageTag(input.preferredLanguage),
  }
}

export async function createWorker({ organizationId, actorUserId, input }: { organizationId: string; actorUserId: string; input: WorkerInput }): Promise<{ ok: true; workerId: string } | Failure<'workerRef', 'training.errors.workerExists'>> {
  try {
    return await db().$transaction(async (tx) => {
      const worker = await tx.worker.create({ data: { organizationId, ...workerData(input) }, select: { id: true } })
      await recordAuditEvent(tx, { action: 'training.worker_added', actorUserId, organizationId, targetType: 'Worker', targetId: worker.id, data: { workerRef: input.workerRef } })
      return { ok: true as const, workerId: worker.id }
    })
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, field: 'workerRef', error: 'training.errors.workerExists' }
    throw error
  }
}

export async function updateWorker({ organizationId, workerId, actorUserId, input }: { organizationId: string; workerId: string; actorUserId: string; input: WorkerInput }): Promise<{ ok: true } | { ok: false; notFound: true } | Failure<'workerRef', 'training.errors.workerExists'>> {
  try {
    return await db().$transaction(async (tx) => {
      const { count } = await tx.worker.updateMany({ where: { id: workerId, organizationId }, data: workerData(input) })
      if (count === 0) return { ok: false as const, notFound: true as const }
      await recordAuditEvent(tx, { action: 'training.worker_updated', actorUserId, organizationId, targetType: 'Worker', targetId: workerId, data: workerData(input) })
      return { ok: true as const }
    })
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, field: 'workerRef', error: 'training.errors.workerExists' }
    throw error
  }
}

/** Deactivate (left the organization; kept with their records) or reactivate a worker. */
export async function setWorkerActive({ organizationId, workerId, actorUserId, active }: { organizationId: string; workerId: string; actorUserId: string; active: boolean }): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.worker.updateMany({ where: { id: workerId, organizationId }, data: { active } })
    if (count === 0) return false
    await recordAuditEvent(tx, { action: active ? 'training.worker_reactivated' : 'training.worker_deactivated', actorUserId, organizationId, targetType: 'Worker', targetId: workerId })
    return true
  })
}

type RecordFailure = Failure<'moduleId', 'training.errors.module'> | Failure<'completedOn', 'training.errors.recordExists'>

async function recordFields(tx: Prisma.TransactionClient, input: RecordInput) {
  const trainingModule = await tx.trainingModule.findFirst({ where: { id: input.moduleId, active: true }, select: { id: true, validityMonths: true } })
  const completedOn = parseIsoDay(input.completedOn)
  if (!trainingModule || !completedOn) return null
  return {
    moduleId: trainingModule.id,
    completedOn,
    // Refresher due date from the module's validity (product.md §7).
    expiresOn: addMonths(completedOn, trainingModule.validityMonths),
    language: canonicalLanguageTag(input.language) ?? input.language,
    deliveredBy: input.deliveredBy,
    hours: input.hours === '' ? null : new Prisma.Decimal(input.hours),
  }
}

function auditData(fields: NonNullable<Awaited<ReturnType<typeof recordFields>>>) {
  return { ...fields, completedOn: isoDay(fields.completedOn), expiresOn: isoDay(fields.expiresOn), hours: fields.hours?.toString() ?? null }
}

export async function addTrainingRecord({ organizationId, workerId, actorUserId, input }: { organizationId: string; workerId: string; actorUserId: string; input: RecordInput }): Promise<{ ok: true; recordId: string } | { ok: false; notFound: true } | RecordFailure> {
  try {
    return await db().$transaction(async (tx) => {
      const worker = await tx.worker.findFirst({ where: { id: workerId, organizationId }, select: { id: true } })
      if (!worker) return { ok: false as const, notFound: true as const }
      const fields = await recordFields(tx, input)
      if (!fields) return { ok: false as const, field: 'moduleId' as const, error: 'training.errors.module' as const }
      const record = await tx.trainingRecord.create({ data: { workerId, createdById: actorUserId, ...fields }, select: { id: true } })
      await recordAuditEvent(tx, { action: 'training.record_added', actorUserId, organizationId, targetType: 'TrainingRecord', targetId: record.id, data: { workerId, ...auditData(fields) } })
      return { ok: true as const, recordId: record.id }
    })
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, field: 'completedOn', error: 'training.errors.recordExists' }
    throw error
  }
}

export async function updateTrainingRecord({ organizationId, workerId, recordId, actorUserId, input }: { organizationId: string; workerId: string; recordId: string; actorUserId: string; input: RecordInput }): Promise<{ ok: true } | { ok: false; notFound: true } | RecordFailure> {
  try {
    return await db().$transaction(async (tx) => {
      const existing = await tx.trainingRecord.findFirst({ where: { id: recordId, workerId, worker: { organizationId } }, select: { id: true } })
      if (!existing) return { ok: false as const, notFound: true as const }
      const fields = await recordFields(tx, input)
      if (!fields) return { ok: false as const, field: 'moduleId' as const, error: 'training.errors.module' as const }
      await tx.trainingRecord.update({ where: { id: recordId }, data: fields })
      await recordAuditEvent(tx, { action: 'training.record_updated', actorUserId, organizationId, targetType: 'TrainingRecord', targetId: recordId, data: { workerId, ...auditData(fields) } })
      return { ok: true as const }
    })
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, field: 'completedOn', error: 'training.errors.recordExists' }
    throw error
  }
}

export async function deleteTrainingRecord({ organizationId, workerId, recordId, actorUserId }: { organizationId: string; workerId: string; recordId: string; actorUserId: string }): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const existing = await tx.trainingRecord.findFirst({
      where: { id: recordId, workerId, worker: { organizationId } },
      select: { id: true, completedOn: true, module: { select: { code: true } } },
    })
    if (!existing) return false
    await tx.trainingRecord.delete({ where: { id: recordId } })
    await recordAuditEvent(tx, {
      action: 'training.record_deleted',
      actorUserId,
      organizationId,
      targetType: 'TrainingRecord',
      targetId: recordId,
      data: { workerId, moduleCode: existing.module.code, completedOn: isoDay(existing.completedOn) },
    })
    return true
  })
}

export async function setDeclaredHeadcount({ organizationId, actorUserId, declaredHeadcount }: { organizationId: string; actorUserId: string; declaredHeadcount: number | null }) {
  await db().$transaction(async (tx) => {
    await tx.organization.update({ where: { id: organizationId }, data: { declaredHeadcount } })
    await recordAuditEvent(tx, { action: 'training.headcount_declared', actorUserId, organizationId, targetType: 'Organization', targetId: organizationId, data: { declaredHeadcount } })
  })
}

// ───────────────────────────── Records list and export ─────────────────────────────

export type RecordFilters = { moduleCode?: string; status?: 'current' | 'expiring' | 'overdue'; query?: string }

function recordWhere(organizationId: string, filters: RecordFilters, asOf: Date): Prisma.TrainingRecordWhereInput {
  const day = startOfUtcDay(asOf)
  const soon = new Date(day.getTime() + EXPIRING_WINDOW_DAYS * 86_400_000)
  const expires: Prisma.DateTimeFilter | undefined =
    filters.status === 'current' ? { gt: day } : filters.status === 'expiring' ? { gt: day, lte: soon } : filters.status === 'overdue' ? { lte: day } : undefined
  return {
    worker: {
      organizationId,
      ...(filters.query ? { OR: [{ workerRef: { contains: filters.query, mode: 'insensitive' } }, { displayName: { contains: filters.query, mode: 'insensitive' } }] } : {}),
    },
    ...(filters.moduleCode ? { module: { code: filters.moduleCode } } : {}),
    ...(expires ? { expiresOn: expires } : {}),
  }
}

export const RECORDS_PAGE_SIZE = 50

export async function listTrainingRecords(organizationId: string, filters: RecordFilters, { page = 1, asOf = new Date() }: { page?: number; asOf?: Date } = {}) {
  const where = recordWhere(organizationId, filters, asOf)
  const [total, records] = await Promise.all([
    db().trainingRecord.count({ where }),
    db().trainingRecord.findMany({
      where,
      orderBy: [{ completedOn: 'desc' }, { id: 'asc' }],
      skip: (page - 1) * RECORDS_PAGE_SIZE,
      take: RECORDS_PAGE_SIZE,
      select: {
        id: true,
        completedOn: true,
        expiresOn: true,
        language: true,
        deliveredBy: true,
        hours: true,
        worker: { select: { id: true, workerRef: true, displayName: true } },
        module: { select: { code: true } },
      },
    }),
  ])
  return { total, pageSize: RECORDS_PAGE_SIZE, records: records.map((r) => ({ ...r, hours: r.hours?.toString() ?? null })) }
}

const EXPORT_BATCH = 2000

/**
 * Every record of the organization as CSV, in the import's columns plus expires_on, so an export
 * can be edited and imported again. Read in keyset pages and streamed: memory stays flat.
 */
export function exportTrainingRecords(organizationId: string, filters: RecordFilters, asOf = new Date()): Readable {
  const output = stringify({ header: true, bom: true, columns: ['worker_ref', 'worker_name', 'module_code', 'completed_on', 'language', 'delivered_by', 'hours', 'expires_on'] })
  const where = recordWhere(organizationId, filters, asOf)
  void (async () => {
    let cursor: string | undefined
    for (;;) {
      const rows = await db().trainingRecord.findMany({
        where,
        orderBy: { id: 'asc' },
        take: EXPORT_BATCH,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
        select: {
          id: true,
          completedOn: true,
          expiresOn: true,
          language: true,
          deliveredBy: true,
          hours: true,
          worker: { select: { workerRef: true, displayName: true } },
          module: { select: { code: true } },
        },
      })
      for (const r of rows) {
        const line = [r.worker.workerRef, r.worker.displayName ?? '', r.module.code, isoDay(r.completedOn), r.language, r.deliveredBy, r.hours?.toString() ?? '', isoDay(r.expiresOn)]
        if (!output.write(line)) await new Promise((resolve) => output.once('drain', resolve))
      }
      if (rows.length < EXPORT_BATCH) break
      cursor = rows[rows.length - 1]?.id
    }
    output.end()
  })().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))))
  return output
}
