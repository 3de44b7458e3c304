import { spawn } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, inject, test } from 'vitest'
import { dropDatabase, ensureDatabase, findFreePort, withDatabase } from '~/db/postgres.server'
import { makePkcs12 } from '#tests/support/pkcs12'

// The signing key from configuration (product.md §6), as an operator meets it at start-up: a
// PKCS#12 file that is missing, without its passphrase, with a wrong passphrase or without a
// private key stops the portal with one sentence naming the setting to fix, before a database
// is started; a good one becomes the active signing key.

type Run = { code: number | null; output: string }

function startPortalProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'development', LOG_REQUESTS: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<Run>((resolve) => child.on('exit', (code) => resolve({ code, output })))
  return { child, exited, output: () => output }
}

const tempDirs: string[] = []
async function tempDir() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-signing-startup-'))
  tempDirs.push(dir)
  return dir
}
afterAll(async () => {
  for (const dir of tempDirs) await fs.rm(dir, { recursive: true, force: true })
})

async function pkcs12File(options: Parameters<typeof makePkcs12>[0]) {
  const file = path.join(await tempDir(), 'signing.p12')
  const made = makePkcs12(options)
  await fs.writeFile(file, made.der, { mode: 0o600 })
  return { file, key: made.key }
}

/** Start-up stopped with exit code 1, the message, no stack trace, and no database started. */
async function expectRefused(env: Record<string, string>, message: RegExp) {
  const dataDir = await tempDir()
  const run = await startPortalProcess({ DATA_DIR: dataDir, PORT: '0', ...env }).exited
  expect(run.code).toBe(1)
  expect(run.output).toContain('The portal could not start.')
  expect(run.output).toMatch(message)
  expect(run.output).not.toMatch(/\n\s+at /)
  await expect(fs.access(path.join(dataDir, 'postgres'))).rejects.toThrow()
  return run.output
}

describe('a PKCS#12 signing key that cannot be used stops start-up, naming the setting', () => {
  test('no file at the configured path', async () => {
    const missing = path.join(await tempDir(), 'nowhere.p12')
    await expectRefused(
      { SIGNING_KEY_PKCS12_FILE: missing, SIGNING_KEY_PASSPHRASE: 'x' },
      new RegExp(`SIGNING_KEY_PKCS12_FILE names ${missing.replaceAll('.', '\\.')}, but there is no such file\\.`),
    )
  })

  test('the passphrase is not set', async () => {
    const { file } = await pkcs12File({ passphrase: 'correct horse battery staple' })
    await expectRefused({ SIGNING_KEY_PKCS12_FILE: file }, /SIGNING_KEY_PASSPHRASE: not set; it is required with SIGNING_KEY_PKCS12_FILE/)
  })

  test('the passphrase is wrong', async () => {
    const { file } = await pkcs12File({ passphrase: 'correct horse battery staple' })
    const output = await expectRefused(
      { SIGNING_KEY_PKCS12_FILE: file, SIGNING_KEY_PASSPHRASE: 'Tr0ub4dor&3' },
      /the passphrase is wrong \(check the SIGNING_KEY_PASSPHRASE setting\)/,
    )
    expect(output).not.toContain('Tr0ub4dor&3')
  })

  test('the file holds a certificate but no private key', async () => {
    const { file } = await pkcs12File({ passphrase: 'pass', withKey: false })
    await expectRefused({ SIGNING_KEY_PKCS12_FILE: file, SIGNING_KEY_PASSPHRASE: 'pass' }, /holds no readable private key/)
  })

  test('the file is not PKCS#12 at all', async () => {
    const file = path.join(await tempDir(), 'not-a-key.p12')
    await fs.writeFile(file, 'this is a text file\n')
    await expectRefused({ SIGNING_KEY_PKCS12_FILE: file, SIGNING_KEY_PASSPHRASE: 'pass' }, /SIGNING_KEY_PKCS12_FILE \(.*not-a-key\.p12\): /)
  })
})

test('a good PKCS#12 file becomes the active signing key at start-up; no local key is generated', async () => {
  const adminUrl = inject('postgresAdminUrl')
  const database = `portal_test_${inject('runId')}_pkcs12`
  await ensureDatabase(adminUrl, database)
  const databaseUrl = withDatabase(adminUrl, database)
  const dataDir = await tempDir()
  const port = await findFreePort()
  const { file, key } = await pkcs12File({ passphrase: 'correct horse battery staple' })
  const portal = startPortalProcess({
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    SEED_DEMO_DATA: 'false',
    SIGNING_KEY_PKCS12_FILE: file,
    SIGNING_KEY_PASSPHRASE: 'correct horse battery staple',
  })
  try {
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline && !portal.output().includes('Portal ready')) {
      if (portal.child.exitCode !== null) break
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    expect(portal.output()).toContain('Portal ready')
    expect(portal.output()).toContain(`Signing key: ${key.fingerprintSha256.slice(0, 16)}… from SIGNING_KEY_PKCS12_FILE is now the active key`)

    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    const keys = await client.query<{ fingerprintSha256: string; source: string; active: boolean }>(
      'SELECT "fingerprintSha256", source, active FROM "SigningKey"',
    )
    await client.end()
    expect(keys.rows).toEqual([{ fingerprintSha256: key.fingerprintSha256, source: 'pkcs12', active: true }])
    await expect(fs.access(path.join(dataDir, 'signing'))).rejects.toThrow()

    portal.child.kill('SIGTERM')
    expect((await portal.exited).code).toBe(0)
  } finally {
    portal.child.kill('SIGKILL')
    await dropDatabase(adminUrl, database)
  }
}, 90_000)
