import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterEach, describe, expect, inject, test } from 'vitest'
import { applyMigrations, MigrationError } from '~/db/migrate.server'
import { dropDatabase, ensureDatabase, withDatabase } from '~/db/postgres.server'

// The applier against EMPTY databases (not the migrated template) and small migrations written
// here into temporary directories. Everything created is removed after each test.

const adminUrl = inject('postgresAdminUrl')
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function emptyDatabase(label: string) {
  const name = `portal_test_${inject('runId')}_migrate_${label}_${randomBytes(4).toString('hex')}`
  for (let attempt = 0; ; attempt++) {
    try {
      await ensureDatabase(adminUrl, name)
      break
    } catch (error) {
      // Another worker is creating a database from the same template (template1) right now.
      const busy = error instanceof Error && /being accessed by other users/.test(error.message)
      if (!busy || attempt > 20) throw error
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200))
    }
  }
  const url = withDatabase(adminUrl, name)
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  cleanups.push(async () => {
    await client.end()
    await dropDatabase(adminUrl, name)
  })
  return { url, client }
}

async function migrationsDir() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-migrations-'))
  cleanups.push(() => fs.rm(dir, { recursive: true, force: true }))
  return dir
}

async function writeMigration(dir: string, name: string, sql: string) {
  await fs.mkdir(path.join(dir, name), { recursive: true })
  await fs.writeFile(path.join(dir, name, 'migration.sql'), sql)
}

type MigrationRow = {
  id: string
  checksum: string
  finished_at: Date | null
  migration_name: string
  logs: string | null
  rolled_back_at: Date | null
  started_at: Date
  applied_steps_count: number
}

async function bookkeeping(client: pg.Client) {
  const { rows } = await client.query<MigrationRow>('SELECT * FROM "_prisma_migrations" ORDER BY started_at, migration_name')
  return rows
}

async function tableExists(client: pg.Client, table: string) {
  const { rows } = await client.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [`public."${table}"`])
  return rows[0]?.found != null
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('applyMigrations', () => {
  test('applies the real migrations to an empty database and records them as Prisma does; a second run applies nothing', async () => {
    const { url, client } = await emptyDatabase('real')
    const dir = path.resolve('prisma', 'migrations')
    const entries = await fs.readdir(dir, { withFileTypes: true })
    const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort()
    expect(names.length).toBeGreaterThan(0)

    const lines: string[] = []
    const first = await applyMigrations(url, { migrationsDir: dir, log: (line) => lines.push(line) })
    expect(first.applied).toEqual(names)
    expect(lines).toEqual(names.map((name) => `applied migration ${name}`))

    const rows = await bookkeeping(client)
    expect(rows.map((r) => r.migration_name)).toEqual(names)
    for (const row of rows) {
      const bytes = await fs.readFile(path.join(dir, row.migration_name, 'migration.sql'))
      expect(row.id).toHaveLength(36)
      expect(row.id).toMatch(UUID_V4)
      expect(row.checksum).toBe(sha256(bytes))
      expect(row.finished_at).toBeInstanceOf(Date)
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime())
      expect(row.applied_steps_count).toBe(1)
      expect(row.logs).toBeNull()
      expect(row.rolled_back_at).toBeNull()
    }
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length)
    // The schema really is there, including the append-only trigger.
    expect(await tableExists(client, 'AuditEvent')).toBe(true)
    const triggers = await client.query(`SELECT 1 FROM pg_trigger WHERE tgname = 'AuditEvent_append_only'`)
    expect(triggers.rowCount).toBe(1)

    const second = await applyMigrations(url, { migrationsDir: dir })
    expect(second.applied).toEqual([])
    expect(await bookkeeping(client)).toEqual(rows)
  })

  test('a migration changed after it was applied is refused by name, and nothing after it is applied', async () => {
    const { url, client } = await emptyDatabase('changed')
    const dir = await migrationsDir()
    await writeMigration(dir, '20250101000000_first', 'CREATE TABLE "first" (id integer);\n')
    await writeMigration(dir, '20250102000000_second', 'CREATE TABLE "second" (id integer);\n')
    expect((await applyMigrations(url, { migrationsDir: dir })).applied).toEqual(['20250101000000_first', '20250102000000_second'])
    const before = await bookkeeping(client)

    await writeMigration(dir, '20250101000000_first', 'CREATE TABLE "first" (id integer, extra text);\n')
    await writeMigration(dir, '20250103000000_third', 'CREATE TABLE "third" (id integer);\n')
    const error = await applyMigrations(url, { migrationsDir: dir }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MigrationError)
    expect(String(error)).toContain('20250101000000_first')
    expect(String(error)).toMatch(/changed/)

    expect(await tableExists(client, 'third')).toBe(false)
    expect(await bookkeeping(client)).toEqual(before)
    const columns = await client.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'first' AND column_name = 'extra'`)
    expect(columns.rowCount).toBe(0)
  })

  test('a failing migration is named and rolled back entirely; the one before it stays applied', async () => {
    const { url, client } = await emptyDatabase('failing')
    const dir = await migrationsDir()
    await writeMigration(dir, '20250101000000_good', 'CREATE TABLE "good" (id integer);\n')
    await writeMigration(dir, '20250102000000_broken', 'CREATE TABLE "half" (id integer);\nCREATE TABLEX "oops" (id integer);\n')

    const error = await applyMigrations(url, { migrationsDir: dir }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MigrationError)
    expect(String(error)).toContain('20250102000000_broken')
    expect(String(error)).toMatch(/rolled back/)

    expect(await tableExists(client, 'good')).toBe(true)
    expect(await tableExists(client, 'half')).toBe(false)
    const rows = await bookkeeping(client)
    expect(rows.map((r) => r.migration_name)).toEqual(['20250101000000_good'])
    expect(rows[0]?.finished_at).toBeInstanceOf(Date)

    // Fixing the file lets the next run apply it.
    await writeMigration(dir, '20250102000000_broken', 'CREATE TABLE "half" (id integer);\n')
    expect((await applyMigrations(url, { migrationsDir: dir })).applied).toEqual(['20250102000000_broken'])
    expect(await tableExists(client, 'half')).toBe(true)
  })

  test('two concurrent runs on one empty database apply each migration exactly once', async () => {
    const { url, client } = await emptyDatabase('concurrent')
    const dir = await migrationsDir()
    const names = ['20250101000000_log', '20250102000000_slow', '20250103000000_more']
    // CREATE TABLE without IF NOT EXISTS: a second application would fail, and the log would double.
    await writeMigration(dir, names[0]!, `CREATE TABLE "applied_log" (name text NOT NULL);\nINSERT INTO "applied_log" VALUES ('${names[0]}');\n`)
    await writeMigration(dir, names[1]!, `SELECT pg_sleep(0.3);\nINSERT INTO "applied_log" VALUES ('${names[1]}');\n`)
    await writeMigration(dir, names[2]!, `CREATE TABLE "more" (id integer);\nINSERT INTO "applied_log" VALUES ('${names[2]}');\n`)

    const results = await Promise.all([applyMigrations(url, { migrationsDir: dir }), applyMigrations(url, { migrationsDir: dir })])
    // The lock is held for the whole run: whoever gets it applies everything, the other nothing.
    expect(results.map((r) => r.applied).sort((a, b) => a.length - b.length)).toEqual([[], names])

    const log = await client.query<{ name: string }>('SELECT name FROM "applied_log" ORDER BY name')
    expect(log.rows.map((r) => r.name)).toEqual(names)
    const rows = await bookkeeping(client)
    expect(rows.map((r) => r.migration_name)).toEqual(names)
  })

  test('a migration added later is applied on the next run, in name order', async () => {
    const { url, client } = await emptyDatabase('later')
    const dir = await migrationsDir()
    await writeMigration(dir, '20250101000000_a', 'CREATE TABLE "a" (id integer);\n')
    await writeMigration(dir, '20250102000000_b', 'CREATE TABLE "b" (id integer);\n')
    expect((await applyMigrations(url, { migrationsDir: dir })).applied).toEqual(['20250101000000_a', '20250102000000_b'])

    // Created on disk in the wrong order; the later one needs the earlier one's table.
    await writeMigration(dir, '20250104000000_d', 'ALTER TABLE "c" ADD COLUMN "d" text;\n')
    await writeMigration(dir, '20250103000000_c', 'CREATE TABLE "c" (id integer);\n')
    const lines: string[] = []
    const next = await applyMigrations(url, { migrationsDir: dir, log: (line) => lines.push(line) })
    expect(next.applied).toEqual(['20250103000000_c', '20250104000000_d'])
    expect(lines).toEqual(['applied migration 20250103000000_c', 'applied migration 20250104000000_d'])
    expect((await bookkeeping(client)).map((r) => r.migration_name)).toEqual([
      '20250101000000_a',
      '20250102000000_b',
      '20250103000000_c',
      '20250104000000_d',
    ])
    expect((await applyMigrations(url, { migrationsDir: dir })).applied).toEqual([])
  })

  test('a migration applied in the database but missing on disk is reported, not fatal', async () => {
    const { url } = await emptyDatabase('missing')
    const dir = await migrationsDir()
    await writeMigration(dir, '20250101000000_a', 'CREATE TABLE "a" (id integer);\n')
    await writeMigration(dir, '20250102000000_b', 'CREATE TABLE "b" (id integer);\n')
    await applyMigrations(url, { migrationsDir: dir })
    await fs.rm(path.join(dir, '20250102000000_b'), { recursive: true })

    const lines: string[] = []
    await expect(applyMigrations(url, { migrationsDir: dir, log: (line) => lines.push(line) })).resolves.toEqual({ applied: [] })
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('20250102000000_b')
  })
})
