import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { applyMigrations } from '~/db/migrate.server'
import { dropDatabase, ensureDatabase, startEmbeddedPostgres, withDatabase } from '~/db/postgres.server'
import pg from 'pg'

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string
    templateDatabase: string
    runId: string
  }
}

// One PostgreSQL server for the whole run: the embedded one in a temporary directory on a free
// port, or the server named by DATABASE_URL (CI uses that to prove the external-database path).
// Migrations are applied once to a template database; each worker clones it (worker-database.ts).
export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`
  let adminUrl: string
  let stopServer = async () => {}
  let tempDir: string | undefined

  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, 'postgres')
  } else {
    tempDir = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-test-pg-'))
    const server = await startEmbeddedPostgres({ directory: path.join(tempDir, 'postgres') })
    adminUrl = server.adminUrl
    stopServer = server.stop
  }

  const templateDatabase = `portal_test_${runId}_template`
  await ensureDatabase(adminUrl, templateDatabase)
  await applyMigrations(withDatabase(adminUrl, templateDatabase))

  project.provide('postgresAdminUrl', adminUrl)
  project.provide('templateDatabase', templateDatabase)
  project.provide('runId', runId)

  return async () => {
    try {
      const client = new pg.Client({ connectionString: adminUrl })
      await client.connect()
      const { rows } = await client.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE datname LIKE $1',
        [`portal_test_${runId}_%`],
      )
      await client.end()
      for (const row of rows) await dropDatabase(adminUrl, row.datname)
    } finally {
      await stopServer()
      if (tempDir) await fs.rm(tempDir, { recursive: true, force: true })
      // The workers' DATA_DIR (signing key, stored PDFs and uploads; see worker-database.ts).
      await fs.rm(path.join(os.tmpdir(), `portal-test-data-${runId}`), { recursive: true, force: true })
    }
  }
}
