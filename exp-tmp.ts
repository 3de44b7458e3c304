import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { connectDatabase, db, disconnectDatabase } from '~/db/db.server'
import { applyMigrations } from '~/db/migrate.server'
import { ensureDatabase, startEmbeddedPostgres, withDatabase } from '~/db/postgres.server'
import { syncTrainingCatalog } from '~/training/catalog.server'
import pg from 'pg'
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'exp-'))
const pgs = await startEmbeddedPostgres({ directory: path.join(tmp, 'pg') })
try {
  await ensureDatabase(pgs.adminUrl, 'b'); const url = withDatabase(pgs.adminUrl, 'b')
  await applyMigrations(url, { migrationsDir: 'prisma/migrations', log: () => {} }); connectDatabase(url); await syncTrainingCatalog(db())
  const org = await db().organization.create({ data: { kind: 'vendor', legalName: 'X' } })
  const N = 5000
  const refs = Array.from({ length: N }, (_, i) => `W${i}`), names = refs.map(() => 'Ana'), langs = refs.map(() => 'es'), codes = refs.map(() => 'WR-AWARE'), dates = refs.map((_, i) => `2025-0${1 + (i % 9)}-1${i % 9}`), by = refs.map(() => 'T'), hours = refs.map(() => '1.5')
  const c = new pg.Client({ connectionString: url }); await c.connect()
  for (let round = 0; round < 4; round++) {
    const ds = dates.map((d) => d.replace('2025', String(2010 + round)))
    let t = performance.now()
    await c.query(`INSERT INTO "Worker" ("id","organizationId","workerRef","displayName","preferredLanguage","active","createdAt","updatedAt") SELECT DISTINCT ON (t.ref) gen_random_uuid()::text, $1, t.ref, t.name, t.language, true, now(), now() FROM unnest($2::text[], $3::text[], $4::text[]) AS t(ref,name,language) ORDER BY t.ref, t.name NULLS LAST ON CONFLICT ("organizationId","workerRef") DO NOTHING`, [org.id, refs, names, langs])
    const w = performance.now() - t; t = performance.now()
    const r = await c.query(`INSERT INTO "TrainingRecord" ("id","workerId","moduleId","completedOn","language","deliveredBy","hours","expiresOn","createdById","createdAt") SELECT gen_random_uuid()::text, w."id", m."id", t.completed_on, t.language, t.delivered_by, t.hours, (t.completed_on + make_interval(months => m."validityMonths"))::date, NULL, now() FROM unnest($2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::numeric[]) AS t(ref, code, completed_on, language, delivered_by, hours) JOIN "Worker" w ON w."organizationId" = $1 AND w."workerRef" = t.ref JOIN "TrainingModule" m ON m."code" = t.code ON CONFLICT ("workerId","moduleId","completedOn") DO NOTHING`, [org.id, refs, codes, ds, langs, by, hours])
    console.log('pg: workers', w.toFixed(0), 'ms; records', (performance.now() - t).toFixed(0), 'ms', r.rowCount)
  }
  await c.end()
  for (let round = 0; round < 3; round++) {
    let t = performance.now()
    await db().$executeRaw`INSERT INTO "Worker" ("id","organizationId","workerRef","displayName","preferredLanguage","active","createdAt","updatedAt") SELECT DISTINCT ON (t.ref) gen_random_uuid()::text, ${org.id}, t.ref, t.name, t.language, true, now(), now() FROM unnest(${refs}::text[], ${names}::text[], ${langs}::text[]) AS t(ref,name,language) ORDER BY t.ref, t.name NULLS LAST ON CONFLICT ("organizationId","workerRef") DO NOTHING`
    const w = performance.now() - t; t = performance.now()
    const n = await db().$executeRaw`INSERT INTO "TrainingRecord" ("id","workerId","moduleId","completedOn","language","deliveredBy","hours","expiresOn","createdById","createdAt") SELECT gen_random_uuid()::text, w."id", m."id", t.completed_on, t.language, t.delivered_by, t.hours, (t.completed_on + make_interval(months => m."validityMonths"))::date, NULL, now() FROM unnest(${refs}::text[], ${codes}::text[], ${dates}::date[], ${langs}::text[], ${by}::text[], ${hours}::numeric[]) AS t(ref, code, completed_on, language, delivered_by, hours) JOIN "Worker" w ON w."organizationId" = ${org.id} AND w."workerRef" = t.ref JOIN "TrainingModule" m ON m."code" = t.code ON CONFLICT ("workerId","moduleId","completedOn") DO NOTHING`
    console.log('workers', w.toFixed(0), 'ms; records', (performance.now() - t).toFixed(0), 'ms', n)
    dates.forEach((d, i) => (dates[i] = d.replace('2025', String(2020 + round))))
  }
} finally { await disconnectDatabase(); await pgs.stop(); fs.rmSync(tmp, { recursive: true, force: true }) }
