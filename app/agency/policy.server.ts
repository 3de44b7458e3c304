import { recordAuditEvent } from '~/audit/audit.server'
import { db } from '~/db/db.server'
import { Prisma } from '~/generated/prisma/client'
import type { RiskTier } from '~/generated/prisma/enums'

/** The agency's policy row (created with defaults the first time it is needed). */
export async function getAgencyPolicy(agencyId: string) {
  return db().agencyPolicy.upsert({ where: { agencyId }, create: { agencyId }, update: {} })
}

export async function saveAgencyPolicy(
  agencyId: string,
  actorUserId: string,
  policy: {
    reviewTiers: RiskTier[]
    requirePlanForHighRiskIndustries: boolean
    certificateValidityMonths: number
    renewalWindowDays: number
    trainingCoverageTargetPercent: number
    reminderDays: number[]
    timeZone?: string
  },
) {
  await db().$transaction(async (tx) => {
    await tx.agencyPolicy.upsert({ where: { agencyId }, create: { agencyId, ...policy }, update: policy })
    await recordAuditEvent(tx, { action: 'agency.policy_changed', actorUserId, organizationId: agencyId, targetType: 'AgencyPolicy', targetId: agencyId, data: policy })
  })
}

/** Thresholds that apply to this agency: the federal rows and its own, newest first. */
export function listThresholds(agencyId: string) {
  return db().complianceThreshold.findMany({
    where: { OR: [{ agencyId: null }, { agencyId }] },
    orderBy: [{ effectiveFrom: 'desc' }, { agencyId: 'asc' }],
    select: { id: true, agencyId: true, effectiveFrom: true, amountCents: true, source: true },
  })
}

export async function addAgencyThreshold(
  agencyId: string,
  actorUserId: string,
  threshold: { effectiveFrom: string; amount: bigint; source: string },
): Promise<{ ok: true } | { ok: false; fieldErrors: { effectiveFrom: 'agency.errors.thresholdExists' } }> {
  const effectiveFrom = new Date(`${threshold.effectiveFrom}T00:00:00Z`)
  try {
    return await db().$transaction(async (tx) => {
      const existing = await tx.complianceThreshold.findFirst({ where: { agencyId, effectiveFrom }, select: { id: true } })
      if (existing) return { ok: false as const, fieldErrors: { effectiveFrom: 'agency.errors.thresholdExists' as const } }
      const row = await tx.complianceThreshold.create({ data: { agencyId, effectiveFrom, amountCents: threshold.amount, source: threshold.source }, select: { id: true } })
      await recordAuditEvent(tx, {
        action: 'agency.threshold_added',
        actorUserId,
        organizationId: agencyId,
        targetType: 'ComplianceThreshold',
        targetId: row.id,
        data: { effectiveFrom: threshold.effectiveFrom, amountCents: threshold.amount.toString(), source: threshold.source },
      })
      return { ok: true as const }
    })
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return { ok: false, fieldErrors: { effectiveFrom: 'agency.errors.thresholdExists' } }
    throw error
  }
}
