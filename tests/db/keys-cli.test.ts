import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { buffer } from 'node:stream/consumers'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  activateSigningKey,
  registerSigningKeyAtStartup,
  rotateLocalSigningKey,
  RotationNotAvailableError,
  SIGNING_KEY_ROTATED_ACTION,
} from '~/certificates/keys.server'
import { newCertificateNumber } from '~/certificates/number'
import {
  issueForAttestation,
  listSigningKeys,
  OperatorError,
  RE_RENDERED_ACTION,
  reRenderCertificate,
  showCertificate,
} from '~/certificates/operator.server'
import { addLocalKey } from '~/certificates/signing-keys.server'
import { getEnv, setEnv, type Env } from '~/config/env.server'
import { db } from '~/db/db.server'
import { makeDeclaration } from '~/demo/declarations.server'
import { createContract, createOrganization, createUser, type CreatedOrganization } from '~/demo/factories.server'
import { setDocumentSettings } from '~/documents/settings.server'
import { getStorage } from '~/documents/storage.server'
import { makePkcs12 } from '#tests/support/pkcs12'
import { parseCommand, USAGE, UsageError } from '../../scripts/certificates-args'

// Signing-key rotation and the operator's certificate commands (product.md §6): a rotated key
// signs the next certificate, also in a process that did not do the rotation; certificates signed
// by a retired key keep verifying; re-rendering keeps the number and records both hashes; issuing
// by command refuses what is not approved; a PKCS#12 configuration is rotated by configuration.

let dataDir: string
let previousEnv: Env
let selfCertifying: CreatedOrganization
let reviewing: CreatedOrganization

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-keys-cli-'))
  previousEnv = getEnv()
  setEnv({ ...previousEnv, DATA_DIR: dataDir, dataDir, SIGNING_KEY_PKCS12_FILE: undefined, SIGNING_KEY_PASSPHRASE: undefined })
  setDocumentSettings({ maxUploadBytes: 1024 * 1024, storage: { driver: 'local', root: path.join(dataDir, 'uploads') } })
  selfCertifying = await createOrganization(db(), { kind: 'agency', policy: { reviewTiers: [] } })
  reviewing = await createOrganization(db(), { kind: 'agency' })
})

afterAll(async () => {
  // Later test files in this worker sign with their own local keys: leave no PKCS#12 key active.
  await db().signingKey.updateMany({ where: { source: 'pkcs12', active: true }, data: { active: false, retiredAt: new Date() } })
  setDocumentSettings(undefined)
  setEnv(previousEnv)
  await fs.rm(dataDir, { recursive: true, force: true })
})

async function certifiedVendor(agencyId: string) {
  const vendor = await createOrganization(db(), { kind: 'vendor', legalName: `Keys Test Vendor ${newCertificateNumber()} LLC` })
  const user = await createUser(db(), {})
  const contract = await createContract(db(), { agencyId, primeVendorId: vendor.id })
  const declaration = await makeDeclaration(db(), {
    organizationId: vendor.id,
    contractIds: [contract.id],
    signer: { id: user.id, name: user.name, title: 'Owner' },
  })
  return { vendor, contract, declaration }
}

async function certificateOf(attestationId: string) {
  return db().certificate.findUniqueOrThrow({ where: { attestationId }, include: { signingKey: true } })
}

async function pdfOf(storageKey: string | null) {
  if (!storageKey) throw new Error('no stored PDF')
  return buffer(await getStorage().get(storageKey))
}

async function pdfsig(pdf: Buffer): Promise<string> {
  const file = path.join(dataDir, `${createHash('sha256').update(pdf).digest('hex').slice(0, 12)}.pdf`)
  await fs.writeFile(file, pdf)
  const result = spawnSync('pdfsig', [file], { encoding: 'utf8' })
  if (result.error) throw result.error
  return `${result.stdout}\n${result.stderr}`
}

async function activeKey() {
  return db().signingKey.findFirstOrThrow({ where: { active: true } })
}

describe('rotating the local signing key', () => {
  test('the new key signs the next certificate; the old certificate still verifies; both keys stay on record and on disk', async () => {
    const before = await certifiedVendor(selfCertifying.id)
    const oldCertificate = await certificateOf(before.declaration.attestationId)
    const oldKey = oldCertificate.signingKey!
    expect(oldKey.active).toBe(true)

    const rotated = await rotateLocalSigningKey(db(), { operator: 'ops-alice' })
    expect(rotated.fingerprintSha256).not.toBe(oldKey.fingerprintSha256)
    expect(rotated.retired).toContain(oldKey.fingerprintSha256)

    // On disk: the first key where it always was, the new one beside it, private to the owner.
    const newDir = path.join(dataDir, 'signing', 'keys', rotated.fingerprintSha256.slice(0, 16))
    await expect(fs.access(path.join(dataDir, 'signing', 'key.pem'))).resolves.toBeUndefined()
    expect((await fs.stat(path.join(newDir, 'key.pem'))).mode & 0o777).toBe(0o600)

    // In the database: the old key retired (its certificate PEM kept), the new one active.
    const retired = await db().signingKey.findUniqueOrThrow({ where: { id: oldKey.id } })
    expect(retired).toMatchObject({ active: false, certificatePem: oldKey.certificatePem })
    expect(retired.retiredAt).toBeInstanceOf(Date)
    expect(await activeKey()).toMatchObject({ id: rotated.id, fingerprintSha256: rotated.fingerprintSha256, source: 'generated' })
    const event = await db().auditEvent.findFirst({ where: { action: SIGNING_KEY_ROTATED_ACTION, targetId: rotated.id } })
    expect(event?.data).toMatchObject({ operator: 'ops-alice', retired: [oldKey.fingerprintSha256] })

    const after = await certifiedVendor(selfCertifying.id)
    const newCertificate = await certificateOf(after.declaration.attestationId)
    expect(newCertificate.signingKeyId).toBe(rotated.id)
    expect(await pdfsig(await pdfOf(newCertificate.pdfStorageKey))).toContain('Signature is Valid')
    // Signed by the retired key, still valid.
    expect(await pdfsig(await pdfOf(oldCertificate.pdfStorageKey))).toContain('Signature is Valid')

    const listing = await listSigningKeys(db())
    expect(listing.find((k) => k.id === oldKey.id)).toMatchObject({ active: false })
    expect(listing.find((k) => k.id === rotated.id)).toMatchObject({ active: true, certificates: 1 })
  })

  test('a key rotated by another process (the command) signs this process’s next certificate, without a restart', async () => {
    // What `npm run certificates -- rotate-key` does from its own process: a new key file and
    // the active row, none of it through this process's memory.
    const key = await addLocalKey(dataDir)
    await db().$transaction((tx) => activateSigningKey(tx, key, 'generated'))

    const { declaration } = await certifiedVendor(selfCertifying.id)
    const certificate = await certificateOf(declaration.attestationId)
    expect(certificate.signingKey?.fingerprintSha256).toBe(key.fingerprintSha256)
    expect(await pdfsig(await pdfOf(certificate.pdfStorageKey))).toContain('Signature is Valid')
  })
})

describe('re-render', () => {
  test('draws and signs the PDF again with the active key: same number, new file and hash, both hashes audited', async () => {
    const { declaration, vendor } = await certifiedVendor(selfCertifying.id)
    const before = await certificateOf(declaration.attestationId)
    const rotated = await rotateLocalSigningKey(db(), { operator: 'ops-bob' })

    const result = await reRenderCertificate(db(), { number: before.number.toLowerCase(), operator: 'ops-bob' })
    expect(result).toMatchObject({ number: before.number, previousSha256: before.pdfSha256, signingKeyFingerprint: rotated.fingerprintSha256 })

    const after = await certificateOf(declaration.attestationId)
    expect(after).toMatchObject({ number: before.number, validFrom: before.validFrom, validUntil: before.validUntil, status: 'valid' })
    expect(after.signingKeyId).toBe(rotated.id)
    expect(after.pdfSha256).toBe(result.pdfSha256)
    expect(after.pdfSha256).not.toBe(before.pdfSha256)
    const pdf = await pdfOf(after.pdfStorageKey)
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(after.pdfSha256)
    expect(await pdfsig(pdf)).toContain('Signature is Valid')
    const text = spawnSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' }).stdout
    expect(text).toContain(before.number)
    expect(text).toContain(vendor.legalName)

    const event = await db().auditEvent.findFirst({ where: { action: RE_RENDERED_ACTION, targetId: after.id } })
    expect(event).toMatchObject({ organizationId: vendor.id })
    expect(event?.data).toMatchObject({ operator: 'ops-bob', previousPdfSha256: before.pdfSha256, pdfSha256: after.pdfSha256 })
  })

  test('an unknown or malformed number is refused and nothing changes', async () => {
    const events = await db().auditEvent.count()
    const unknown = newCertificateNumber()
    await expect(reRenderCertificate(db(), { number: unknown, operator: 'ops' })).rejects.toThrow(`No certificate has the number ${unknown}.`)
    await expect(reRenderCertificate(db(), { number: 'NOT-A-NUMBER', operator: 'ops' })).rejects.toThrow(OperatorError)
    expect(await db().auditEvent.count()).toBe(events)
  })
})

describe('issue by command', () => {
  test('issues the certificate of an approved attestation that lacks one, once', async () => {
    // Approved without a certificate: an attestation approved before certificates were issued.
    const vendor = await createOrganization(db(), { kind: 'vendor' })
    const user = await createUser(db(), {})
    const contract = await createContract(db(), { agencyId: reviewing.id, primeVendorId: vendor.id })
    const declaration = await makeDeclaration(db(), {
      organizationId: vendor.id,
      contractIds: [contract.id],
      signer: { id: user.id, name: user.name, title: 'Owner' },
      no: { A1: 'Our policy is being rewritten this quarter.' },
    })
    expect(declaration.status).toBe('submitted')

    await expect(issueForAttestation(db(), { attestationId: declaration.attestationId, operator: 'ops' })).rejects.toThrow(
      `Attestation ${declaration.attestationId} is submitted, not approved; only an approved attestation gets a certificate.`,
    )
    expect(await db().certificate.count({ where: { attestationId: declaration.attestationId } })).toBe(0)

    await db().attestation.update({ where: { id: declaration.attestationId }, data: { status: 'approved', reviewedAt: new Date() } })
    const first = await issueForAttestation(db(), { attestationId: declaration.attestationId, operator: 'ops-carol' })
    expect(first.created).toBe(true)
    const certificate = await certificateOf(declaration.attestationId)
    expect(certificate).toMatchObject({ number: first.number, organizationId: vendor.id, agencyId: reviewing.id, status: 'valid' })
    expect(await pdfsig(await pdfOf(certificate.pdfStorageKey))).toContain('Signature is Valid')
    expect(await db().auditEvent.count({ where: { targetId: certificate.id, action: { in: ['certificate.issued', 'certificate.issued-by-operator'] } } })).toBe(2)

    const again = await issueForAttestation(db(), { attestationId: declaration.attestationId, operator: 'ops-carol' })
    expect(again).toEqual({ number: first.number, created: false })
    expect(await db().certificate.count({ where: { attestationId: declaration.attestationId } })).toBe(1)
  })

  test('an unknown attestation is named', async () => {
    await expect(issueForAttestation(db(), { attestationId: 'no-such-attestation', operator: 'ops' })).rejects.toThrow(
      'No attestation has the id no-such-attestation.',
    )
  })
})

test('show: everything on record about one certificate; an unknown number is named', async () => {
  const { declaration, vendor, contract } = await certifiedVendor(selfCertifying.id)
  const certificate = await certificateOf(declaration.attestationId)
  const shown = await showCertificate(db(), certificate.number)
  expect(shown).toMatchObject({
    number: certificate.number,
    status: 'valid',
    vendor: vendor.legalName,
    agency: selfCertifying.legalName,
    attestationId: declaration.attestationId,
    contractNumbers: [contract.number],
    pdfSha256: certificate.pdfSha256,
    signingKey: { fingerprintSha256: certificate.signingKey?.fingerprintSha256, active: true },
  })
  expect((await showCertificate(db(), certificate.number, new Date(certificate.validUntil.getTime() + 1000))).status).toBe('expired')
  const unknown = newCertificateNumber()
  await expect(showCertificate(db(), unknown)).rejects.toThrow(`No certificate has the number ${unknown}.`)
})

describe('a PKCS#12 signing key from configuration', () => {
  test('start-up makes it the active key and retires the local one; it signs; rotate-key explains that rotation is configuration', async () => {
    const localKey = await activeKey()
    const file = path.join(dataDir, 'production.p12')
    const { der, key } = makePkcs12({ passphrase: 'pkcs12 passphrase' })
    await fs.writeFile(file, der, { mode: 0o600 })
    const localEnv = getEnv()
    setEnv({ ...localEnv, SIGNING_KEY_PKCS12_FILE: file, SIGNING_KEY_PASSPHRASE: 'pkcs12 passphrase' })
    try {
      const registered = await registerSigningKeyAtStartup(db())
      expect(registered).toEqual({ fingerprintSha256: key.fingerprintSha256, source: 'pkcs12', changed: true })
      expect(await activeKey()).toMatchObject({ fingerprintSha256: key.fingerprintSha256, source: 'pkcs12' })
      expect(await db().signingKey.findUniqueOrThrow({ where: { id: localKey.id } })).toMatchObject({ active: false })
      // A second start with the same file changes nothing.
      expect((await registerSigningKeyAtStartup(db())).changed).toBe(false)

      const { declaration } = await certifiedVendor(selfCertifying.id)
      const certificate = await certificateOf(declaration.attestationId)
      expect(certificate.signingKey).toMatchObject({ fingerprintSha256: key.fingerprintSha256, source: 'pkcs12' })
      expect(await pdfsig(await pdfOf(certificate.pdfStorageKey))).toContain('Signature is Valid')

      const rotation = rotateLocalSigningKey(db(), { operator: 'ops' })
      await expect(rotation).rejects.toThrow(RotationNotAvailableError)
      await expect(rotation).rejects.toThrow(/rotation is a configuration change: point SIGNING_KEY_PKCS12_FILE/)
    } finally {
      setEnv(localEnv)
    }

    // A command run without the PKCS#12 settings never replaces the production key with a local one.
    const { declaration } = await certifiedVendor(selfCertifying.id).catch((error: unknown) => ({ declaration: null, error }))
    expect(declaration).toBeNull()
    expect(await activeKey()).toMatchObject({ fingerprintSha256: key.fingerprintSha256 })
  })
})

describe('the command line', () => {
  function runCommand(args: string[]) {
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/certificates.ts', ...args], {
        env: { NODE_ENV: 'development', PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: process.env.DATABASE_URL ?? '', DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      child.on('exit', (code) => resolve({ code, stdout, stderr }))
    })
  }

  test('bad arguments: what was wrong, exit code 2 and the usage', async () => {
    const cases: [string[], string][] = [
      [[], 'No command given.'],
      [['frobnicate'], 'Unknown command "frobnicate".'],
      [['issue'], 'issue needs --attestation <id>.'],
      [['issue', '--attestation'], '--attestation needs a value (the attestation id).'],
      [['issue', '--attestation', 'a1', '--force'], 'issue does not take --force.'],
      [['show'], 'show needs a certificate number.'],
      [['show', 'A', 'B'], 'show takes one certificate number, not "A B".'],
      [['re-render', 'ABC'], '"ABC" is not a certificate number (wrong length or check character).'],
      [['list-keys', 'extra'], 'list-keys does not take "extra".'],
      [['rotate-key', '--force'], 'rotate-key does not take --force.'],
      [['revoke', '--reason', 'Recruitment fees charged'], 'revoke needs a certificate number.'],
      [['revoke', 'ABC', '--reason', 'Recruitment fees charged'], '"ABC" is not a certificate number (wrong length or check character).'],
      [['revoke', 'ABC'], 'revoke needs --reason "…" (why, shown on the public verification page).'],
      [['revoke', 'ABC', '--reason', 'short'], '--reason must be 10 to 1000 characters.'],
    ]
    for (const [args, message] of cases) expect(() => parseCommand(args), args.join(' ')).toThrow(new UsageError(message))
    const number = newCertificateNumber()
    expect(parseCommand(['show', number.toLowerCase()])).toEqual({ name: 'show', number })
    expect(parseCommand(['issue', '--attestation=a1'])).toEqual({ name: 'issue', attestationId: 'a1' })

    // The process: the message and the usage on stderr, exit code 2, before any database work.
    const run = await runCommand(['frobnicate'])
    expect(run).toMatchObject({ code: 2, stdout: '' })
    expect(run.stderr).toContain('Unknown command "frobnicate".')
    expect(run.stderr).toContain(USAGE)
  }, 60_000)

  test('revoke: the certificate is revoked at once with the operator on record; a second time is refused with exit code 1', async () => {
    // An earlier test leaves a PKCS#12 key active; this one signs with the local key.
    await db().signingKey.updateMany({ where: { source: 'pkcs12', active: true }, data: { active: false, retiredAt: new Date() } })
    const { declaration } = await certifiedVendor(selfCertifying.id)
    const { number } = await certificateOf(declaration.attestationId)
    const first = await runCommand(['revoke', number, '--reason', 'Agency letter of 2026-11-20: workers charged recruitment fees'])
    expect(first.stderr).not.toContain('Error')
    expect(first).toMatchObject({ code: 0 })
    const revoked = await db().certificate.findUniqueOrThrow({ where: { number } })
    expect(revoked).toMatchObject({ status: 'revoked', revocationReason: 'Agency letter of 2026-11-20: workers charged recruitment fees', revokedById: null })
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: 'certificate.revoked', targetId: revoked.id } })
    expect(event.actorUserId).toBeNull()

    const second = await runCommand(['revoke', number, '--reason', 'Agency letter of 2026-11-20: workers charged recruitment fees'])
    expect(second.code).toBe(1)
    expect(second.stderr).toContain(`Certificate ${number} is already revoked; nothing changed.`)
  }, 90_000)

  test('a failed operation: exit code 1 and the reason', async () => {
    const unknown = newCertificateNumber()
    const run = await runCommand(['show', unknown])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`No certificate has the number ${unknown}.`)
  }, 60_000)
})
