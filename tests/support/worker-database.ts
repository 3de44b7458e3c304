import os from 'node:os'
import path from 'node:path'
import { afterAll, inject } from 'vitest'
import { parseEnv, setEnv } from '~/config/env.server'
import { connectDatabase, disconnectDatabase } from '~/db/db.server'
import { ensureDatabase, withDatabase } from '~/db/postgres.server'

// One database per test worker, cloned from the migrated template. Test files in the same worker
// share it, so every test creates its own uniquely named data through app/demo/factories.server.ts.
const adminUrl = inject('postgresAdminUrl')
const worker = process.env.VITEST_POOL_ID ?? '0'
const database = `portal_test_${inject('runId')}_w${worker}`

async function createFromTemplate() {
  for (let attempt = 0; ; attempt++) {
    try {
      await ensureDatabase(adminUrl, database, { template: inject('templateDatabase') })
      return
    } catch (error) {
      // Two workers cloning the same template at the same moment: PostgreSQL asks us to wait.
      const busy = error instanceof Error && /being accessed by other users|already exists/.test(error.message)
      if (!busy || attempt > 20) throw error
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200))
    }
  }
}

await createFromTemplate()
export const testDatabaseUrl = withDatabase(adminUrl, database)
process.env.DATABASE_URL = testDatabaseUrl
connectDatabase(testDatabaseUrl)
// Signed cookies need a secret; links in emails need a base URL.
setEnv(
  parseEnv({
    NODE_ENV: 'test',
    DATABASE_URL: testDatabaseUrl,
    SESSION_SECRETS: 'test-session-secret-0123456789abcdef0123456789',
    APP_URL: 'http://portal.test',
    LOG_REQUESTS: 'false',
    // Signing keys and stored files (certificates issued on approval) never land in the repository's ./data.
    DATA_DIR: path.join(os.tmpdir(), `portal-test-data-${inject('runId')}`),
  }),
)

afterAll(async () => {
  await disconnectDatabase()
})
