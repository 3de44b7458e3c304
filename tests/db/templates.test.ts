import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, inject, test } from 'vitest'
import {
  defaultTemplatesDirectory,
  latestTemplateVersion,
  listTemplateVersions,
  loadTemplateFile,
  MANIFEST_FILE_NAME,
  readManifest,
  syncTemplates,
} from '~/attestations/templates.server'
import { parseTemplateContent } from '~/attestations/template'
import { createPrismaClient } from '~/db/db.server'
import { dropDatabase, ensureDatabase, withDatabase } from '~/db/postgres.server'
import type { PrismaClient } from '~/generated/prisma/client'

// Published attestation templates are immutable (templates/attestations/README.md). These tests
// are the guard: the manifest pins each file's bytes, and the database copy pins the manifest.
// Each sync test gets its own empty database cloned from the migrated template, so the
// AttestationTemplate table starts empty whatever other test files do in the worker database.

const adminUrl = inject('postgresAdminUrl')
const opened: { client: PrismaClient; name: string }[] = []
const tempDirs: string[] = []

async function emptyDatabase(): Promise<PrismaClient> {
  const name = `portal_test_${inject('runId')}_templates_${randomBytes(4).toString('hex')}`
  await ensureDatabase(adminUrl, name, { template: inject('templateDatabase') })
  const client = createPrismaClient(withDatabase(adminUrl, name))
  opened.push({ client, name })
  return client
}

/** A copy of the real templates folder that a test may change. */
async function copyOfTemplates(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-templates-'))
  tempDirs.push(dir)
  await fs.cp(defaultTemplatesDirectory(), dir, { recursive: true })
  return dir
}

afterEach(async () => {
  for (const { client, name } of opened.splice(0)) {
    await client.$disconnect()
    await dropDatabase(adminUrl, name)
  }
  for (const dir of tempDirs.splice(0)) await fs.rm(dir, { recursive: true, force: true })
})

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const FILE_2026_1 = 'far-52.222-50-2026.1.json'

describe('published templates are immutable', () => {
  test('each published file hashes to its manifest entry (editing a published file fails here)', async () => {
    const dir = defaultTemplatesDirectory()
    const manifest = await readManifest(dir)
    expect(Object.keys(manifest)).toContain('2026.1')
    for (const version of Object.keys(manifest)) {
      const loaded = await loadTemplateFile(version, dir)
      const bytes = await fs.readFile(path.join(dir, loaded.fileName))
      expect(sha256(bytes), loaded.fileName).toBe(manifest[version])
      expect(loaded.content.version).toBe(version)
    }
    expect(manifest['2026.1']).toBe(sha256(await fs.readFile(path.join(dir, FILE_2026_1))))
    expect(await listTemplateVersions()).toEqual(Object.keys(manifest).sort())
    expect(await latestTemplateVersion()).toBe((await listTemplateVersions()).at(-1))
  })

  test('loading a changed file throws, naming the file', async () => {
    const dir = await copyOfTemplates()
    const file = path.join(dir, FILE_2026_1)
    await fs.writeFile(file, (await fs.readFile(file, 'utf8')).replace('Prohibited activities', 'Forbidden activities'))
    await expect(loadTemplateFile('2026.1', dir)).rejects.toThrow(
      /far-52\.222-50-2026\.1\.json does not match its published SHA-256/,
    )
  })

  test('an unpublished version does not load', async () => {
    await expect(loadTemplateFile('2099.1')).rejects.toThrow(/not published/)
  })
})

describe('syncTemplates', () => {
  test('inserts each published version once, then leaves it alone', async () => {
    const client = await emptyDatabase()
    expect(await syncTemplates(client)).toEqual({ inserted: ['2026.1'], unchanged: [], unknown: [] })

    const rows = await client.attestationTemplate.findMany()
    expect(rows).toHaveLength(1)
    const row = rows[0]
    const manifest = await readManifest()
    expect(row).toMatchObject({
      version: '2026.1',
      title: 'FAR 52.222-50 aligned, 2026.1',
      contentSha256: manifest['2026.1'],
      publishedAt: new Date('2026-01-15T00:00:00.000Z'),
    })
    // The stored content is the template itself, and parses like the file.
    const loaded = await loadTemplateFile('2026.1')
    expect(parseTemplateContent(row?.content)).toEqual(loaded.content)

    expect(await syncTemplates(client)).toEqual({ inserted: [], unchanged: ['2026.1'], unknown: [] })
    expect(await client.attestationTemplate.count()).toBe(1)
    expect((await client.attestationTemplate.findFirst())?.id).toBe(row?.id)
  })

  test('concurrent start-ups store each version once', async () => {
    const client = await emptyDatabase()
    const results = await Promise.all([syncTemplates(client), syncTemplates(client), syncTemplates(client)])
    expect(results.flatMap((r) => r.inserted)).toEqual(['2026.1'])
    expect(await client.attestationTemplate.count()).toBe(1)
  })

  test('throws when a stored published version differs from its file, and changes nothing', async () => {
    const client = await emptyDatabase()
    await syncTemplates(client)
    const before = await client.attestationTemplate.findMany()

    // Someone edits the published file AND updates its manifest entry: the files agree with each
    // other, but not with what attestations already answered.
    const dir = await copyOfTemplates()
    const file = path.join(dir, FILE_2026_1)
    const edited = (await fs.readFile(file, 'utf8')).replace('Prohibited activities', 'Forbidden activities')
    await fs.writeFile(file, edited)
    const manifest = await readManifest(dir)
    await fs.writeFile(
      path.join(dir, MANIFEST_FILE_NAME),
      JSON.stringify({ ...manifest, '2026.1': sha256(Buffer.from(edited)) }),
    )

    await expect(syncTemplates(client, { directory: dir })).rejects.toThrow(
      /version 2026\.1 is stored with SHA-256 [0-9a-f]{64}, but far-52\.222-50-2026\.1\.json has [0-9a-f]{64}.*immutable/,
    )
    expect(await client.attestationTemplate.findMany()).toEqual(before)
  })

  test('a new version is a new file and a manifest entry: it is added next to the old one', async () => {
    const client = await emptyDatabase()
    await syncTemplates(client)

    const dir = await copyOfTemplates()
    const original = JSON.parse(await fs.readFile(path.join(dir, FILE_2026_1), 'utf8'))
    const next = `${JSON.stringify({ ...original, version: '2026.2', publishedAt: '2026-07-01' }, null, 2)}\n`
    await fs.writeFile(path.join(dir, 'far-52.222-50-2026.2.json'), next)
    const manifest = await readManifest(dir)
    await fs.writeFile(
      path.join(dir, MANIFEST_FILE_NAME),
      JSON.stringify({ ...manifest, '2026.2': sha256(Buffer.from(next)) }),
    )

    expect(await latestTemplateVersion(dir)).toBe('2026.2')
    expect(await syncTemplates(client, { directory: dir })).toEqual({
      inserted: ['2026.2'],
      unchanged: ['2026.1'],
      unknown: [],
    })
    const stored = await client.attestationTemplate.findMany({ orderBy: { version: 'asc' } })
    expect(stored.map((t) => [t.version, t.publishedAt.toISOString().slice(0, 10)])).toEqual([
      ['2026.1', '2026-01-15'],
      ['2026.2', '2026-07-01'],
    ])
  })
})
