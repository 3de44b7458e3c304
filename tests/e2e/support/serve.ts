// Starts the built portal for the browser tests: production mode, a fresh embedded PostgreSQL in
// a temporary data directory (so the demo data set is seeded), and the local mail catcher.
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { onShutdownSignal, startPortal } from '../../../server/portal'

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-e2e-'))
process.env.DATA_DIR = dataDir
process.env.NODE_ENV = 'production'
process.env.LOG_REQUESTS = 'false'
// Each browser test sends its own X-Forwarded-For (fixtures.ts), so rate limits count per test.
process.env.TRUST_PROXY = 'true'
delete process.env.DATABASE_URL
delete process.env.SMTP_URL

const portal = await startPortal({ handleSignals: false, quiet: true })
console.log(`e2e portal at ${portal.url}`)

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  await portal.close()
  await fs.rm(dataDir, { recursive: true, force: true })
  process.exit(0)
}
onShutdownSignal(() => void stop())
