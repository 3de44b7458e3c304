// `npm run certificates -- <command>`: the operator's tools for certificates and signing keys
// (product.md §6). Reaches the portal's database the way every operator command does
// (server/cli-database.ts). Exit codes: 0 done, 1 the operation failed (the message says why),
// 2 the command line is wrong (the usage is printed).
import os from 'node:os'
import type { Database } from '~/db/db.server'
import { parseCommand, USAGE, UsageError, type Command } from './certificates-args'

/** Who ran the command, for the audit log. */
function operatorName(): string {
  return process.env.SUDO_USER || process.env.USER || os.userInfo().username || 'unknown'
}

const date = (value: Date | null) => value?.toISOString() ?? '—'

async function run(client: Database, command: Exclude<Command, { name: 'help' }>): Promise<void> {
  const operator = operatorName()
  const { issueForAttestation, listSigningKeys, reRenderCertificate, showCertificate } = await import('~/certificates/operator.server')
  const { rotateLocalSigningKey } = await import('~/certificates/keys.server')
  switch (command.name) {
    case 'issue': {
      const { number, created } = await issueForAttestation(client, { attestationId: command.attestationId, operator })
      console.error(created ? `Issued certificate ${number}.` : `Attestation ${command.attestationId} already has certificate ${number}; nothing changed.`)
      console.log(number)
      return
    }
    case 're-render': {
      const result = await reRenderCertificate(client, { number: command.number, operator })
      console.log(`Re-rendered certificate ${result.number}.`)
      console.log(`  previous PDF SHA-256: ${result.previousSha256 ?? '—'}`)
      console.log(`  new PDF SHA-256:      ${result.pdfSha256}`)
      console.log(`  signed with key:      ${result.signingKeyFingerprint}`)
      return
    }
    case 'show': {
      const c = await showCertificate(client, command.number)
      const rows: [string, string][] = [
        ['number', c.number],
        ['status', c.status],
        ['vendor', `${c.vendor}${c.uei ? ` (UEI ${c.uei})` : ''}`],
        ['agency', c.agency ?? '—'],
        ['attestation', c.attestationId ?? '—'],
        ['contracts', c.contractNumbers.join(', ') || '—'],
        ['language', c.language],
        ['issued', date(c.issuedAt)],
        ['valid from', date(c.validFrom)],
        ['valid until', date(c.validUntil)],
        ['revoked', c.revokedAt ? `${date(c.revokedAt)}: ${c.revocationReason ?? ''}` : '—'],
        ['superseded by', c.supersededBy ?? '—'],
        ['PDF SHA-256', c.pdfSha256 ?? '—'],
        [
          'signing key',
          c.signingKey
            ? `${c.signingKey.fingerprintSha256} (${c.signingKey.source}, ${c.signingKey.active ? 'active' : `retired ${date(c.signingKey.retiredAt)}`})`
            : '—',
        ],
      ]
      for (const [label, value] of rows) console.log(`${`${label}:`.padEnd(15)}${value}`)
      return
    }
    case 'list-keys': {
      const keys = await listSigningKeys(client)
      if (keys.length === 0) console.log('No signing key on record yet (the first one is made when the portal starts).')
      for (const key of keys) {
        const state = key.active ? 'active' : `retired ${date(key.retiredAt)}`
        console.log(`${key.fingerprintSha256}  ${key.source.padEnd(9)}  created ${date(key.createdAt)}  ${state}  ${key.certificates} certificate(s)`)
      }
      return
    }
    case 'revoke': {
      const { revokeCertificate } = await import('~/certificates/revoke.server')
      const result = await revokeCertificate({ number: command.number, reason: command.reason, actor: { operator } }, new Date(), client)
      if (!result.ok) {
        const why = {
          not_found: `No certificate ${command.number}.`,
          already_revoked: `Certificate ${command.number} is already revoked; nothing changed.`,
          not_permitted: `Certificate ${command.number} cannot be revoked.`,
          invalid_reason: 'The reason must be 10 to 1,000 characters.',
        }[result.error]
        throw new Error(why)
      }
      console.log(`Revoked certificate ${result.certificate.number}. The vendor's contacts are emailed; /verify shows it revoked now.`)
      return
    }
    case 'rotate-key': {
      const rotated = await rotateLocalSigningKey(client, { operator })
      console.log(`New active signing key ${rotated.fingerprintSha256}`)
      console.log(`  certificate: ${rotated.file}`)
      if (rotated.retired.length > 0) console.log(`  retired: ${rotated.retired.join(', ')} (certificates they signed keep verifying)`)
      console.log('A running portal signs new certificates with it from its next certificate on.')
      return
    }
  }
}

let command: Command
try {
  command = parseCommand(process.argv.slice(2))
} catch (error) {
  if (!(error instanceof UsageError)) throw error
  console.error(`${error.message}\n\n${USAGE}`)
  process.exit(2)
}
let code = 0
if (command.name === 'help') {
  console.log(USAGE)
} else {
  // Loaded only for a well-formed command: a usage error answers at once.
  const { withPortalDatabase } = await import('../server/cli-database')
  const { db } = await import('~/db/db.server')
  try {
    await withPortalDatabase(() => run(db(), command))
  } catch (error) {
    // OperatorError and RotationNotAvailableError are one sentence for the operator; anything
    // else (an unreachable database, a broken key file) is reported by its message too.
    console.error(error instanceof Error ? error.message : String(error))
    code = 1
  }
}
// Explicitly: the embedded PostgreSQL's exit hook would otherwise end the process with 0.
await new Promise<void>((resolve) => process.stdout.write('', () => resolve()))
process.exit(code)
