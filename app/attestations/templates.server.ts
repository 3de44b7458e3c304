import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import type { Prisma, PrismaClient } from '~/generated/prisma/client'
import { AttestationTemplateFileSchema, compareTemplateVersions, type AttestationTemplateContent } from './template'

// Attestation templates are files (templates/attestations/*.json), published by listing their
// SHA-256 in published.json. A published file never changes: what a vendor certified must be
// showable again exactly as it was, so an edited file fails to load (hash mismatch), and a file
// that differs from the copy already stored in the database stops start-up (syncTemplates).

export const MANIFEST_FILE_NAME = 'published.json'

/** The templates folder, resolved from the repository root (the process's working directory). */
export function defaultTemplatesDirectory() {
  return path.resolve('templates', 'attestations')
}

const ManifestSchema = z.record(z.string().regex(/^\d{4}\.\d+$/), z.string().regex(/^[0-9a-f]{64}$/))
export type TemplateManifest = z.output<typeof ManifestSchema>

export type LoadedTemplate = {
  version: string
  /** The file's name (not its path) in the templates folder. */
  fileName: string
  /** SHA-256 (hex) of the file's bytes, equal to its manifest entry. */
  sha256: string
  content: AttestationTemplateContent
}

export const sha256Hex = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex')

export async function readManifest(directory = defaultTemplatesDirectory()): Promise<TemplateManifest> {
  const text = await fs.readFile(path.join(directory, MANIFEST_FILE_NAME), 'utf8')
  const parsed = ManifestSchema.safeParse(JSON.parse(text))
  if (!parsed.success)
    throw new Error(`${MANIFEST_FILE_NAME} is not a valid manifest: ${z.prettifyError(parsed.error)}`)
  return parsed.data
}

/** Published versions, oldest first. */
export async function listTemplateVersions(directory = defaultTemplatesDirectory()): Promise<string[]> {
  return Object.keys(await readManifest(directory)).sort(compareTemplateVersions)
}

/** The version a new attestation answers: a new version applies from the next attestation on. */
export async function latestTemplateVersion(directory = defaultTemplatesDirectory()): Promise<string> {
  const versions = await listTemplateVersions(directory)
  const latest = versions.at(-1)
  if (latest === undefined) throw new Error(`No attestation template is published in ${MANIFEST_FILE_NAME}`)
  return latest
}

// Files are named "<name>-<version>.json" (e.g. far-52.222-50-2026.1.json).
async function findTemplateFile(directory: string, version: string): Promise<string> {
  const names = (await fs.readdir(directory)).filter(
    (name) => name !== MANIFEST_FILE_NAME && name.endsWith(`-${version}.json`),
  )
  const [only, ...others] = names
  if (only === undefined)
    throw new Error(`No attestation template file for version ${version} (expected "<name>-${version}.json")`)
  if (others.length > 0)
    throw new Error(`Several attestation template files for version ${version}: ${names.join(', ')}`)
  return only
}

/**
 * Read a published template version: its bytes must hash to the manifest entry (published files
 * are immutable) and its content must satisfy AttestationTemplateFileSchema.
 */
export async function loadTemplateFile(
  version: string,
  directory = defaultTemplatesDirectory(),
): Promise<LoadedTemplate> {
  const manifest = await readManifest(directory)
  const expected = manifest[version]
  if (expected === undefined)
    throw new Error(`Attestation template version ${version} is not published in ${MANIFEST_FILE_NAME}`)
  const fileName = await findTemplateFile(directory, version)
  const bytes = await fs.readFile(path.join(directory, fileName))
  const sha256 = sha256Hex(bytes)
  if (sha256 !== expected) {
    throw new Error(
      `Attestation template ${fileName} does not match its published SHA-256 in ${MANIFEST_FILE_NAME} ` +
        `(published ${expected}, file ${sha256}). Published versions are immutable: publish the change as a new version.`,
    )
  }
  let json: unknown
  try {
    json = JSON.parse(bytes.toString('utf8'))
  } catch (error) {
    throw new Error(
      `Attestation template ${fileName} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  const parsed = AttestationTemplateFileSchema.safeParse(json)
  if (!parsed.success)
    throw new Error(`Attestation template ${fileName} is not valid:\n${z.prettifyError(parsed.error)}`)
  if (parsed.data.version !== version) {
    throw new Error(`Attestation template ${fileName} declares version ${parsed.data.version}, not ${version}`)
  }
  return { version, fileName, sha256, content: parsed.data }
}

export type TemplateSyncResult = {
  /** Versions this call stored. */
  inserted: string[]
  /** Versions already stored with the same hash. */
  unchanged: string[]
  /** Versions in the database that no published file lists (left alone). */
  unknown: string[]
}

// A Date for the day a version was published (a DATE-like ISO day, stored at midnight UTC).
const publishedDate = (day: string) => new Date(`${day}T00:00:00.000Z`)

/**
 * Store every published template version in AttestationTemplate (version unique, content JSON,
 * contentSha256 = the manifest hash), so attestations can reference the version they answered.
 * New versions are inserted; stored ones with the same hash are left alone; a stored version
 * whose hash differs from the file throws, because published versions are immutable. Cheap enough
 * for every start-up: the files are small and there is one query per new version. Safe when
 * several instances start at once (ON CONFLICT DO NOTHING, then the stored hash is checked).
 */
export async function syncTemplates(
  client: PrismaClient | Prisma.TransactionClient,
  { directory = defaultTemplatesDirectory() }: { directory?: string } = {},
): Promise<TemplateSyncResult> {
  const versions = await listTemplateVersions(directory)
  const loaded = await Promise.all(versions.map((version) => loadTemplateFile(version, directory)))
  const stored = await client.attestationTemplate.findMany({ select: { version: true, contentSha256: true } })
  const storedHash = new Map(stored.map((row) => [row.version, row.contentSha256]))

  const mismatch = (template: LoadedTemplate, hash: string) =>
    new Error(
      `Attestation template version ${template.version} is stored with SHA-256 ${hash}, but ${template.fileName} ` +
        `has ${template.sha256}. Published versions are immutable: restore the file and publish the change as a new version.`,
    )

  const result: TemplateSyncResult = {
    inserted: [],
    unchanged: [],
    unknown: stored.map((row) => row.version).filter((version) => !versions.includes(version)),
  }
  // Check everything before writing anything.
  for (const template of loaded) {
    const hash = storedHash.get(template.version)
    if (hash !== undefined && hash !== template.sha256) throw mismatch(template, hash)
  }
  for (const template of loaded) {
    if (storedHash.has(template.version)) {
      result.unchanged.push(template.version)
      continue
    }
    const { count } = await client.attestationTemplate.createMany({
      data: [
        {
          version: template.version,
          title: template.content.title.en,
          content: template.content,
          contentSha256: template.sha256,
          publishedAt: publishedDate(template.content.publishedAt),
        },
      ],
      skipDuplicates: true,
    })
    if (count === 1) {
      result.inserted.push(template.version)
      continue
    }
    // Another instance stored it between our read and our insert: it must be the same file.
    const row = await client.attestationTemplate.findUnique({
      where: { version: template.version },
      select: { contentSha256: true },
    })
    if (row && row.contentSha256 !== template.sha256) throw mismatch(template, row.contentSha256)
    result.unchanged.push(template.version)
  }
  return result
}
