// `npm run certificates -- <command>`: the operator's tools for certificates and signing keys
// (product.md §6). Reaches the portal's database the way every operator command does
// (server/cli-database.ts). Exit codes: 0 done, 1 the operation failed (the message says why),
// 2 the command line is wrong (the usage is printed).
import os from 'node:os'
import { rotateLocalSigningKey } from '~/certificates/keys.server'
import {
  issueForAttestation,
  listSigningKeys,
  parseCertificateNumber,
  reRenderCertificate,
  showCertificate,
} from '~/certificates/operator.server'
import { db } from '~/db/db.server'
import { withPortalDatabase } from '../server/cli-database'

const USAGE = `Usage: npm run certificates -- <command>

Commands:
  issue --attestation <id>   issue the certificate of an approved attestation that has none
                             (prints its number; an existing one is printed unchanged)
  re-render <number>         draw the certificate's PDF again and sign it with the active key
                             (same number and data; the audit log keeps the old and new hash)
  show <number>              everything on record about one certificate
  list-keys                  the signing keys, active and retired
  rotate-key                 generate a new local signing key and make it the active one
                             (with SIGNING_KEY_PKCS12_FILE, rotation is a configuration change)
  help                       this text

The database is the one \`npm start\` uses (DATABASE_URL, or the embedded PostgreSQL in DATA_DIR).`

class UsageError extends Error {}

type Command =
  | { name: 'help' }
  | { name: 'issue'; attestationId: string }
  | { name: 're-render'; number: string }
  | { name: 'show'; number: string }
  | { name: 'list-keys' }
  | { name: 'rotate-key' }

/** Options as `--name value` or `--name=value`; everything else is positional. */
function splitArguments(args: string[]) {
  const positional: string[] = []
  const options = new Map<string, string>()
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (!arg.startsWith('--')) {
      positional.push(arg)
      continue
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined]
    const value = inline ?? args[++i]
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) {
      throw new UsageError(`--${name} needs a value.`)
    }
    options.set(name, value)
  }
  return { positional, options }
}

function expectNothingElse(command: string, positional: string[], options: Map<string, string>, allowed: string[] = []) {
  const unknown = [...options.keys()].find((name) => !allowed.includes(name))
  if (unknown) throw new UsageError(`${command} does not take --${unknown}.`)
  if (positional.length > 0) throw new UsageError(`${command} does not take "${positional.join(' ')}".`)
}

function numberArgument(command: string, positional: string[]): string {
  const [input, ...rest] = positional
  if (input === undefined) throw new UsageError(`${command} needs a certificate number.`)
  if (rest.length > 0) throw new UsageError(`${command} takes one certificate number, not "${positional.join(' ')}".`)
  const number = parseCertificateNumber(input)
  if (number === null) throw new UsageError(`"${input}" is not a certificate number (wrong length or check character).`)
  return number
}

function parseCommand(argv: string[]): Command {
  const [name, ...args] = argv
  if (name === undefined) throw new UsageError('No command given.')
  if (name === 'help' || name === '--help' || name === '-h') return { name: 'help' }
  const { positional, options } = splitArguments(args)
  switch (name) {
    case 'issue': {
      const attestationId = options.get('attestation')
      if (attestationId === undefined) throw new UsageError('issue needs --attestation <id>.')
      expectNothingElse('issue', positional, options, ['attestation'])
      return { name, attestationId }
    }
    case 're-render':
    case 'show': {
      expectNothingElse(name, [], options)
      return { name, number: numberArgument(name, positional) }
    }
    case 'list-keys':
    case 'rotate-key':
      expectNothingElse(name, positional, options)
      return { name }
    // ── revoke <number> --reason "…" ──────────────────────────────────────────────────────────
    // Revocation belongs here: parse the number with numberArgument('revoke', positional) and a
    // required, non-empty --reason, then call revokeCertificate({ number, reason,
    // actor: { operator } }) from app/certificates/revoke.server.ts in run() below, and add a
    // line to USAGE.
    // ───────────────────────────────────────────────────────────────────────────────────────────
    default:
      throw new UsageError(`Unknown command "${name}".`)
  }
}

/** Who ran the command, for the audit log. */
function operatorName(): string {
  return process.env.SUDO_USER || process.env.USER || os.userInfo().username || 'unknown'
}

const date = (value: Date | null) => value?.toISOString() ?? '—'

async function run(command: Exclude<Command, { name: 'help' }>): Promise<void> {
  const operator = operatorName()
  switch (command.name) {
    case 'issue': {
      const { number, created } = await issueForAttestation(db(), { attestationId: command.attestationId, operator })
      console.error(created ? `Issued certificate ${number}.` : `Attestation ${command.attestationId} already has certificate ${number}; nothing changed.`)
      console.log(number)
      return
    }
    case 're-render': {
      const result = await reRenderCertificate(db(), { number: command.number, operator })
      console.log(`Re-rendered certificate ${result.number}.`)
      console.log(`  previous PDF SHA-256: ${result.previousSha256 ?? '—'}`)
      console.log(`  new PDF SHA-256:      ${result.pdfSha256}`)
      console.log(`  signed with key:      ${result.signingKeyFingerprint}`)
      return
    }
    case 'show': {
      const c = await showCertificate(db(), command.number)
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
      const keys = await listSigningKeys(db())
      if (keys.length === 0) console.log('No signing key on record yet (the first one is made when the portal starts).')
      for (const key of keys) {
        const state = key.active ? 'active' : `retired ${date(key.retiredAt)}`
        console.log(`${key.fingerprintSha256}  ${key.source.padEnd(9)}  created ${date(key.createdAt)}  ${state}  ${key.certificates} certificate(s)`)
      }
      return
    }
    case 'rotate-key': {
      const rotated = await rotateLocalSigningKey(db(), { operator })
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
if (command.name === 'help') {
  console.log(USAGE)
} else {
  try {
    await withPortalDatabase(() => run(command))
  } catch (error) {
    // OperatorError and RotationNotAvailableError are one sentence for the operator; anything
    // else (an unreachable database, a broken key file) is reported by its message too.
    console.error(error instanceof Error ? error.message : String(error))
    process.exitCode = 1
  }
}
