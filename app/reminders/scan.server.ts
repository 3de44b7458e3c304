import { getEnv } from '~/config/env.server'
import { db } from '~/db/db.server'
import { Prisma, type PrismaClient } from '~/generated/prisma/client'
import { messageIdDomain, type OutboxClient } from './outbox.server'

// The daily reminder scan (product.md §8). Each kind of reminder is one set-based statement:
// INSERT … SELECT the reminders due as of `now` … ON CONFLICT ("dedupeKey") DO NOTHING. Running
// it again, or on several instances at once, adds nothing: the unique dedupe key decides.
//
// Skipped stages: when several stages of one certificate are due at once (the scan did not run
// for a while, or a certificate was issued inside the window), only the latest due stage is
// sent: "expires in 10 days" rather than a burst of 60-, 30- and 14-day reminders.

export const DEFAULT_TIME_ZONE = 'America/Los_Angeles'
export const DEFAULT_REMINDER_DAYS = [60, 30, 14, 7, 1, 0, -7]
/** The last stage is still sent this many days late (a portal down for a few days). */
export const LAST_STAGE_GRACE_DAYS = 7
export const TRAINING_REFRESHER_DAYS = 30
export const DRAFT_IDLE_DAYS = 7
/** A draft idle longer than this without a reminder gets none (it was abandoned long ago). */
export const DRAFT_IDLE_WINDOW_DAYS = 30
export const AGENCY_DIGEST_EXPIRY_DAYS = 30

export type QueuedReminder = { kind: string; recipient: string; dedupeKey: string }
export type ScanResult = {
  asOf: Date
  certificateExpiry: QueuedReminder[]
  trainingRefresher: QueuedReminder[]
  draftReminder: QueuedReminder[]
  agencyDigest: QueuedReminder[]
}

const DAY_MS = 86_400_000
const iso = (date: Date) => date.toISOString()
const utc = (date: Date) => Prisma.sql`(CAST(${iso(date)} AS timestamptz) AT TIME ZONE 'UTC')`
// A stored UTC timestamp as a calendar date in time zone `tz`.
const localDate = (column: Prisma.Sql, tz: Prisma.Sql) => Prisma.sql`((${column} AT TIME ZONE 'UTC') AT TIME ZONE ${tz})::date`

type Context = { now: Date; base: string; domain: string }

// Columns every reminder row shares; the message id is fixed here, once.
const outboxColumns = Prisma.sql`(id, kind, recipient, language, "dedupeKey", payload, "organizationId", "messageId", status, attempts, "nextAttemptAt", "createdAt", "updatedAt")`
const commonValues = (ctx: Context) =>
  Prisma.sql`'<' || gen_random_uuid()::text || '@' || ${ctx.domain} || '>', 'pending', 0, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'`


/** Certificate expiry stages, to the vendor's compliance contacts; the last one also to the agency's. */
async function queueCertificateExpiry(client: OutboxClient, ctx: Context): Promise<QueuedReminder[]> {
  return client.$queryRaw<QueuedReminder[]>(await certificateExpiryStatement(client, ctx))
}

async function certificateExpiryStatement(_client: OutboxClient, ctx: Context): Promise<Prisma.Sql> {
  // Per agency (and once for certificates of agencies without a policy row), each stage becomes
  // a window of UTC instants: expiry dates, in the agency's time zone, from the day after the
  // next stage's up to today + stage. Certificates are then found by index range scans on
  // ("status", "validUntil"), and time zones are computed per window, not per certificate.
  return Prisma.sql`
    WITH configs AS (
      SELECT p."agencyId" AS agency_id, p."timeZone" AS tz, p."reminderDays" AS stages FROM "AgencyPolicy" p
      UNION ALL
      SELECT NULL, ${DEFAULT_TIME_ZONE}, ${DEFAULT_REMINDER_DAYS}::int[]
    ), today AS (
      SELECT agency_id, tz, stages, (CAST(${iso(ctx.now)} AS timestamptz) AT TIME ZONE tz)::date AS d,
             (SELECT min(x) FROM unnest(stages) x) AS last_stage
        FROM configs
    ), windows AS (
      SELECT t.agency_id, t.tz, t.d AS today, s.stage, t.last_stage,
             ((t.d + COALESCE(s.next_stage + 1, s.stage - ${LAST_STAGE_GRACE_DAYS}::int))::timestamp AT TIME ZONE t.tz) AT TIME ZONE 'UTC' AS lo,
             ((t.d + s.stage + 1)::timestamp AT TIME ZONE t.tz) AT TIME ZONE 'UTC' AS hi
        FROM today t
        CROSS JOIN LATERAL (SELECT x AS stage, lead(x) OVER (ORDER BY x DESC) AS next_stage FROM unnest(t.stages) x) s
    ), matched AS (
      SELECT c.id, c.number, c."organizationId", c."agencyId", c."validUntil", w.stage, w.last_stage, w.tz, w.today
        FROM windows w
        JOIN "Certificate" c ON c.status = 'valid' AND c."validUntil" >= w.lo AND c."validUntil" < w.hi AND c."agencyId" = w.agency_id
       WHERE w.agency_id IS NOT NULL AND c."supersededById" IS NULL
      UNION ALL
      SELECT c.id, c.number, c."organizationId", c."agencyId", c."validUntil", w.stage, w.last_stage, w.tz, w.today
        FROM windows w
        JOIN "Certificate" c ON c.status = 'valid' AND c."validUntil" >= w.lo AND c."validUntil" < w.hi
       WHERE w.agency_id IS NULL AND c."supersededById" IS NULL
         AND (c."agencyId" IS NULL OR NOT EXISTS (SELECT 1 FROM "AgencyPolicy" p WHERE p."agencyId" = c."agencyId"))
    ), staged AS (
      SELECT m.*, v.valid_until, v.valid_until - m.today AS days_before
        FROM matched m
        CROSS JOIN LATERAL (SELECT ((m."validUntil" AT TIME ZONE 'UTC') AT TIME ZONE m.tz)::date AS valid_until) v
    ), recipients AS (
      SELECT st.*, 'vendor' AS audience, oc.id AS contact_id, oc.email, oc.language, st."organizationId" AS recipient_org,
             ${ctx.base} || '/orgs/' || st."organizationId" || '/attestations' AS url
        FROM staged st
        JOIN "OrganizationContact" oc ON oc."organizationId" = st."organizationId" AND oc.kind = 'compliance' AND oc."bouncedAt" IS NULL
      UNION ALL
      -- Escalation: the stage after expiry that ends the schedule also goes to the agency.
      SELECT st.*, 'agency', oc.id, oc.email, oc.language, st."agencyId",
             ${ctx.base} || '/orgs/' || st."agencyId" || '/reviews'
        FROM staged st
        JOIN "OrganizationContact" oc ON oc."organizationId" = st."agencyId" AND oc.kind = 'compliance' AND oc."bouncedAt" IS NULL
       WHERE st.stage = st.last_stage AND st.stage < 0
    )
    INSERT INTO "OutboxMessage" ${outboxColumns}
    SELECT gen_random_uuid()::text, 'certificateExpiry', r.email, CASE WHEN r.language = 'es' THEN 'es' ELSE 'en' END,
           'certificate:' || r.id || ':expiry:' || r.stage || ':' || r.audience || ':' || r.contact_id,
           jsonb_build_object('vendorName', v."legalName", 'agencyName', COALESCE(a."legalName", ''), 'certificateNumber', r.number,
                              'validUntil', to_char(r.valid_until, 'YYYY-MM-DD'), 'daysBefore', r.days_before,
                              'audience', r.audience, 'url', r.url),
           r.recipient_org, ${commonValues(ctx)}
      FROM recipients r
      JOIN "Organization" v ON v.id = r."organizationId"
      LEFT JOIN "Organization" a ON a.id = r."agencyId"
    ON CONFLICT ("dedupeKey") DO NOTHING
    RETURNING kind, recipient, "dedupeKey"`
}

/**
 * One digest per organization listing the workers whose training expires within 30 days and who
 * were not listed in an earlier digest (a record is listed once, when it enters the window).
 */
async function queueTrainingRefreshers(client: OutboxClient, ctx: Context): Promise<QueuedReminder[]> {
  return client.$queryRaw<QueuedReminder[]>`
    WITH today AS (SELECT (CAST(${iso(ctx.now)} AS timestamptz) AT TIME ZONE ${DEFAULT_TIME_ZONE})::date AS d),
    due AS (
      SELECT w."organizationId", w."workerRef", w."displayName", m.titles, tr."expiresOn"
        FROM "TrainingRecord" tr
        JOIN "Worker" w ON w.id = tr."workerId" AND w.active
        JOIN "TrainingModule" m ON m.id = tr."moduleId"
        CROSS JOIN today
       WHERE tr."expiresOn" >= today.d AND tr."expiresOn" <= today.d + ${TRAINING_REFRESHER_DAYS}::int
         -- already renewed: a later record of the same worker and module
         AND NOT EXISTS (SELECT 1 FROM "TrainingRecord" n
                          WHERE n."workerId" = tr."workerId" AND n."moduleId" = tr."moduleId" AND n."expiresOn" > tr."expiresOn")
         -- already listed by an earlier digest (made while this record was inside its window)
         AND NOT EXISTS (SELECT 1 FROM "OutboxMessage" o
                          WHERE o."organizationId" = w."organizationId" AND o.kind = 'trainingRefresher'
                            AND (o.payload->>'asOf')::date < today.d
                            AND (o.payload->>'asOf')::date >= tr."expiresOn" - ${TRAINING_REFRESHER_DAYS}::int)
    ), digests AS (
      SELECT "organizationId",
             jsonb_agg(jsonb_build_object('workerRef', "workerRef", 'displayName', "displayName", 'moduleTitles', titles,
                                          'expiresOn', to_char("expiresOn", 'YYYY-MM-DD')) ORDER BY "expiresOn", "workerRef") AS workers
        FROM due GROUP BY "organizationId"
    )
    INSERT INTO "OutboxMessage" ${outboxColumns}
    SELECT gen_random_uuid()::text, 'trainingRefresher', oc.email, CASE WHEN oc.language = 'es' THEN 'es' ELSE 'en' END,
           'training:' || dg."organizationId" || ':' || to_char(today.d, 'YYYY-MM-DD') || ':' || oc.id,
           jsonb_build_object('organizationName', o."legalName", 'workers', dg.workers,
                              'url', ${ctx.base} || '/orgs/' || dg."organizationId" || '/training', 'asOf', to_char(today.d, 'YYYY-MM-DD')),
           dg."organizationId", ${commonValues(ctx)}
      FROM digests dg
      CROSS JOIN today
      JOIN "Organization" o ON o.id = dg."organizationId"
      JOIN "OrganizationContact" oc ON oc."organizationId" = dg."organizationId" AND oc.kind = 'compliance' AND oc."bouncedAt" IS NULL
    ON CONFLICT ("dedupeKey") DO NOTHING
    RETURNING kind, recipient, "dedupeKey"`
}

/** Draft declarations nobody touched for 7 days: once per idle period (an edit starts a new one). */
async function queueDraftReminders(client: OutboxClient, ctx: Context): Promise<QueuedReminder[]> {
  const idleSince = new Date(ctx.now.getTime() - DRAFT_IDLE_DAYS * DAY_MS)
  const windowStart = new Date(ctx.now.getTime() - (DRAFT_IDLE_DAYS + DRAFT_IDLE_WINDOW_DAYS) * DAY_MS)
  return client.$queryRaw<QueuedReminder[]>`
    INSERT INTO "OutboxMessage" ${outboxColumns}
    SELECT gen_random_uuid()::text, 'draftReminder', oc.email, CASE WHEN oc.language = 'es' THEN 'es' ELSE 'en' END,
           'draft:' || at.id || ':' || floor(extract(epoch FROM at."updatedAt"))::bigint || ':' || oc.id,
           jsonb_build_object('organizationName', o."legalName",
                              'lastEditedOn', to_char(${localDate(Prisma.sql`at."updatedAt"`, Prisma.sql`${DEFAULT_TIME_ZONE}`)}, 'YYYY-MM-DD'),
                              'idleDays', floor(extract(epoch FROM (${utc(ctx.now)} - at."updatedAt")) / 86400)::int,
                              'url', ${ctx.base} || '/orgs/' || at."organizationId" || '/attestations/' || at.id),
           at."organizationId", ${commonValues(ctx)}
      FROM "Attestation" at
      JOIN "Organization" o ON o.id = at."organizationId"
      JOIN "OrganizationContact" oc ON oc."organizationId" = at."organizationId" AND oc.kind = 'compliance' AND oc."bouncedAt" IS NULL
     WHERE at.status = 'draft' AND at."updatedAt" <= ${utc(idleSince)} AND at."updatedAt" > ${utc(windowStart)}
    ON CONFLICT ("dedupeKey") DO NOTHING
    RETURNING kind, recipient, "dedupeKey"`
}

/** A weekly summary per agency (ISO week in the agency's time zone), when there is anything to say. */
async function queueAgencyDigests(client: OutboxClient, ctx: Context): Promise<QueuedReminder[]> {
  const weekAgo = new Date(ctx.now.getTime() - 7 * DAY_MS)
  const soon = new Date(ctx.now.getTime() + AGENCY_DIGEST_EXPIRY_DAYS * DAY_MS)
  return client.$queryRaw<QueuedReminder[]>`
    WITH agencies AS (
      SELECT o.id, o."legalName", (CAST(${iso(ctx.now)} AS timestamptz) AT TIME ZONE COALESCE(p."timeZone", ${DEFAULT_TIME_ZONE}))::date AS today
        FROM "Organization" o LEFT JOIN "AgencyPolicy" p ON p."agencyId" = o.id
       WHERE o.kind = 'agency'
    ), summary AS (
      SELECT ag.*,
             (SELECT count(DISTINCT at.id)::int FROM "Attestation" at
                JOIN "AttestationContract" ac ON ac."attestationId" = at.id
                JOIN "Contract" k ON k.id = ac."contractId"
               WHERE at.status = 'submitted' AND k."agencyId" = ag.id) AS pending,
             (SELECT COALESCE(jsonb_agg(jsonb_build_object('certificateNumber', c.number, 'vendorName', v."legalName",
                                                           'date', to_char(c."validUntil", 'YYYY-MM-DD')) ORDER BY c."validUntil"), '[]'::jsonb)
                FROM "Certificate" c JOIN "Organization" v ON v.id = c."organizationId"
               WHERE c."agencyId" = ag.id AND c.status = 'valid' AND c."supersededById" IS NULL
                 AND c."validUntil" >= ${utc(ctx.now)} AND c."validUntil" < ${utc(soon)}) AS expiring,
             (SELECT COALESCE(jsonb_agg(jsonb_build_object('certificateNumber', c.number, 'vendorName', v."legalName",
                                                           'date', to_char(c."revokedAt", 'YYYY-MM-DD')) ORDER BY c."revokedAt"), '[]'::jsonb)
                FROM "Certificate" c JOIN "Organization" v ON v.id = c."organizationId"
               WHERE c."agencyId" = ag.id AND c.status = 'revoked'
                 AND c."revokedAt" >= ${utc(weekAgo)} AND c."revokedAt" <= ${utc(ctx.now)}) AS revoked
        FROM agencies ag
    )
    INSERT INTO "OutboxMessage" ${outboxColumns}
    SELECT gen_random_uuid()::text, 'agencyDigest', oc.email, CASE WHEN oc.language = 'es' THEN 'es' ELSE 'en' END,
           'agency-digest:' || s.id || ':' || to_char(s.today, 'IYYY-"W"IW') || ':' || oc.id,
           jsonb_build_object('agencyName', s."legalName", 'weekOf', to_char(s.today, 'YYYY-MM-DD'), 'pendingReviews', s.pending,
                              'expiring', s.expiring, 'revoked', s.revoked, 'url', ${ctx.base} || '/orgs/' || s.id || '/reviews'),
           s.id, ${commonValues(ctx)}
      FROM summary s
      JOIN "OrganizationContact" oc ON oc."organizationId" = s.id AND oc.kind = 'compliance' AND oc."bouncedAt" IS NULL
     WHERE s.pending > 0 OR jsonb_array_length(s.expiring) > 0 OR jsonb_array_length(s.revoked) > 0
    ON CONFLICT ("dedupeKey") DO NOTHING
    RETURNING kind, recipient, "dedupeKey"`
}

/**
 * Queue every reminder due as of `now`. Each kind runs in its own short transaction, so a failure
 * in one does not hold back the others, and a rerun finishes whatever was left.
 */
export async function runReminderScan({ now = new Date(), client = db() }: { now?: Date; client?: OutboxClient } = {}): Promise<ScanResult> {
  const env = getEnv()
  const base = (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '')
  const ctx: Context = { now, base, domain: messageIdDomain() }
  return {
    asOf: now,
    certificateExpiry: await queueCertificateExpiry(client, ctx),
    trainingRefresher: await queueTrainingRefreshers(client, ctx),
    draftReminder: await queueDraftReminders(client, ctx),
    agencyDigest: await queueAgencyDigests(client, ctx),
  }
}

/**
 * The certificate scan's query plan with its real timings (EXPLAIN ANALYZE), rolled back so
 * nothing is queued: for the benchmark and for operators checking the indexes.
 */
export async function explainCertificateScan({ now = new Date(), client = db() }: { now?: Date; client?: PrismaClient } = {}): Promise<string> {
  const env = getEnv()
  const ctx: Context = { now, base: (env.APP_URL ?? 'http://localhost').replace(/\/$/, ''), domain: messageIdDomain() }
  let plan = ''
  const rollback = new Error('rollback')
  try {
    await client.$transaction(async (tx) => {
      const statement = await certificateExpiryStatement(tx, ctx)
      const rows = await tx.$queryRaw<{ 'QUERY PLAN': string }[]>`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${statement}`
      plan = rows.map((row) => row['QUERY PLAN']).join('\n')
      throw rollback
    })
  } catch (error) {
    if (error !== rollback) throw error
  }
  return plan
}
