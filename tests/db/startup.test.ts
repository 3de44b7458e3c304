import { spawn } from 'node:child_process'
import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, inject, test } from 'vitest'
import { dropDatabase, ensureDatabase, findFreePort, withDatabase } from '~/db/postgres.server'
import { DEMO_REGISTRY_VENDORS } from '~/demo/registry.server'

// The portal process as an operator meets it: started with a configuration, answering HTTP,
// failing with one clear sentence and exit code 1 when the configuration or the environment is
// wrong, and shutting down cleanly on SIGTERM.

type Run = { code: number | null; output: string }

function startPortalProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'development',
      LOG_REQUESTS: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<Run>((resolve) => child.on('exit', (code) => resolve({ code, output })))
  return { child, exited, output: () => output }
}

async function waitForHealthy(port: number, exited: Promise<Run>) {
  const deadline = Date.now() + 60_000
  let stopped = false
  void exited.then(() => (stopped = true))
  while (Date.now() < deadline && !stopped) {
    const status = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.status,
      () => 0,
    )
    if (status === 200) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error('the portal did not become healthy')
}

const tempDirs: string[] = []
async function tempDataDir() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-startup-'))
  tempDirs.push(dir)
  return dir
}
afterAll(async () => {
  for (const dir of tempDirs) await fs.rm(dir, { recursive: true, force: true })
})

describe('start-up failures: one clear message, exit code 1', () => {
  test('a malformed setting is named', async () => {
    const run = await startPortalProcess({ DATA_DIR: await tempDataDir(), SESSION_DAYS: 'abc', PORT: '0' }).exited
    expect(run.code).toBe(1)
    expect(run.output).toContain('The portal could not start.')
    expect(run.output).toMatch(/SESSION_DAYS: .*number/i)
    expect(run.output).not.toMatch(/\n\s+at /) // no stack trace to decode
  })

  test('a URL that is not PostgreSQL is refused before anything starts', async () => {
    const run = await startPortalProcess({ DATA_DIR: await tempDataDir(), DATABASE_URL: 'mysql://db/portal', PORT: '0' }).exited
    expect(run.code).toBe(1)
    expect(run.output).toMatch(/DATABASE_URL: must start with postgres:\/\/ or postgresql:\/\//)
  })

  test('an unreachable database is reported with its address', async () => {
    const closedPort = await findFreePort()
    const run = await startPortalProcess({
      DATA_DIR: await tempDataDir(),
      DATABASE_URL: `postgresql://portal@127.0.0.1:${closedPort}/portal`,
      PORT: '0',
    }).exited
    expect(run.code).toBe(1)
    expect(run.output).toContain(`Cannot reach the database at 127.0.0.1:${closedPort}/portal (DATABASE_URL)`)
  })

  test('a port already in use is reported before a database is started', async () => {
    const blocker = net.createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve))
    const address = blocker.address()
    const port = address && typeof address === 'object' ? address.port : 0
    const dataDir = await tempDataDir()
    try {
      const run = await startPortalProcess({ DATA_DIR: dataDir, PORT: String(port) }).exited
      expect(run.code).toBe(1)
      expect(run.output).toContain(`Port ${port} is already in use.`)
      await expect(fs.access(path.join(dataDir, 'postgres'))).rejects.toThrow()
    } finally {
      blocker.close()
    }
  })
})

test('with DATABASE_URL it uses that server: migrates, seeds, serves, starts no embedded PostgreSQL, stops on SIGTERM', async () => {
  const adminUrl = inject('postgresAdminUrl')
  const database = `portal_test_${inject('runId')}_external`
  await ensureDatabase(adminUrl, database)
  const databaseUrl = withDatabase(adminUrl, database)
  const dataDir = await tempDataDir()
  const port = await findFreePort()
  const portal = startPortalProcess({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl, PORT: String(port) })
  try {
    await waitForHealthy(port, portal.exited)
    expect(portal.output()).toContain('(DATABASE_URL)')
    const home = await fetch(`http://127.0.0.1:${port}/`)
    expect(home.status).toBe(200)
    expect(await home.text()).toContain('Public money should not pay for forced labor')
    // No embedded cluster was created in the data directory.
    await expect(fs.access(path.join(dataDir, 'postgres'))).rejects.toThrow()

    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    const migrations = await client.query('SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL')
    const demoUsers = await client.query(`SELECT count(*)::int AS n FROM "User" WHERE email LIKE '%.demo'`)
    await client.end()
    expect(migrations.rowCount).toBeGreaterThan(0)
    // The demo accounts, and one owner for each of the registry's demo vendors.
    expect(demoUsers.rows[0]?.n).toBe(11 + DEMO_REGISTRY_VENDORS.length + 1)

    portal.child.kill('SIGTERM')
    const run = await portal.exited
    expect(run.code).toBe(0)
    expect(run.output).toContain('Stopped.')
  } finally {
    portal.child.kill('SIGKILL')
    await dropDatabase(adminUrl, database)
  }
}, 90_000)
