import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import pg from 'pg'

// Applies prisma/migrations/<name>/migration.sql in order and records each one in
// `_prisma_migrations` exactly as Prisma Migrate does, so `prisma migrate status|deploy` agree on
// machines that have Prisma's schema engine (docs/decisions/002-migration-applier.md).

export const DEFAULT_MIGRATIONS_DIR = path.resolve('prisma', 'migrations')

// The same advisory lock key Prisma Migrate takes, so this applier and Prisma's never interleave.
const MIGRATION_LOCK_KEY = 72707369

export class MigrationError extends Error {
  override name = 'MigrationError'
}

export type LocalMigration = { name: string; sql: string; checksum: string }

export async function readMigrations(migrationsDir = DEFAULT_MIGRATIONS_DIR): Promise<LocalMigration[]> {
  const entries = await fs.readdir(migrationsDir, { withFileTypes: true })
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
  return Promise.all(
    names.map(async (name) => {
      const bytes = await fs.readFile(path.join(migrationsDir, name, 'migration.sql'))
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') }
    }),
  )
}

type AppliedRow = {
  migration_name: string
  checksum: string
  finished_at: Date | null
  rolled_back_at: Date | null
}

/**
 * Bring the database at `connectionString` up to date. Each migration runs in its own
 * transaction with its bookkeeping row, so a failure leaves neither half a migration nor a record
 * of it. Returns the names applied by this call.
 */
export async function applyMigrations(
  connectionString: string,
  { migrationsDir = DEFAULT_MIGRATIONS_DIR, log = () => {} }: { migrationsDir?: string; log?: (line: string) => void } = {},
): Promise<{ applied: string[] }> {
  const migrations = await readMigrations(migrationsDir)
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
    try {
      // Prisma's own definition of its bookkeeping table.
      await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
        "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
        "checksum"              VARCHAR(64) NOT NULL,
        "finished_at"           TIMESTAMPTZ,
        "migration_name"        VARCHAR(255) NOT NULL,
        "logs"                  TEXT,
        "rolled_back_at"        TIMESTAMPTZ,
        "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
        "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
      )`)
      const { rows } = await client.query<AppliedRow>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"
         WHERE rolled_back_at IS NULL ORDER BY started_at`,
      )
      const applied = new Map(rows.map((row) => [row.migration_name, row]))

      const unfinished = rows.find((row) => row.finished_at === null)
      if (unfinished) {
        throw new MigrationError(
          `Migration ${unfinished.migration_name} started but did not finish. Inspect the database, ` +
            'then mark it rolled back (prisma migrate resolve --rolled-back) before starting again.',
        )
      }
      const local = new Set(migrations.map((m) => m.name))
      for (const row of rows) {
        if (!local.has(row.migration_name)) {
          log(`warning: migration ${row.migration_name} is applied in the database but missing from ${migrationsDir}`)
        }
      }

      const newlyApplied: string[] = []
      for (const migration of migrations) {
        const existing = applied.get(migration.name)
        if (existing) {
          if (existing.checksum !== migration.checksum) {
            throw new MigrationError(
              `Migration ${migration.name} was changed after it was applied (checksum ${existing.checksum.slice(0, 12)}… ` +
                `in the database, ${migration.checksum.slice(0, 12)}… on disk). Applied migrations are immutable: ` +
                'restore the file and put the change in a new migration.',
            )
          }
          continue
        }
        await client.query('BEGIN')
        try {
          const id = randomUUID()
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
             VALUES ($1, $2, $3, now(), 0)`,
            [id, migration.checksum, migration.name],
          )
          await client.query(migration.sql)
          await client.query(
            `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
            [id],
          )
          await client.query('COMMIT')
        } catch (error) {
          await client.query('ROLLBACK')
          const reason = error instanceof Error ? error.message : String(error)
          throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${reason}`)
        }
        log(`applied migration ${migration.name}`)
        newlyApplied.push(migration.name)
      }
      return { applied: newlyApplied }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
    }
  } finally {
    await client.end()
  }
}
