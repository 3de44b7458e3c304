// The command line of `npm run certificates` (scripts/certificates.ts): its usage text and
// parsing, kept apart so tests check every wrong command line without starting a process.
import { isValidCertificateNumber, normalizeCertificateNumber } from '~/certificates/number'
import { MAX_REVOCATION_REASON_LENGTH, MIN_REVOCATION_REASON_LENGTH } from '~/certificates/revocation'

export const USAGE = `Usage: npm run certificates -- <command>

Commands:
  issue --attestation <id>   issue the certificate of an approved attestation that has none
                             (prints its number; an existing one is printed unchanged)
  re-render <number>         draw the certificate's PDF again and sign it with the active key
                             (same number and data; the audit log keeps the old and new hash)
  show <number>              everything on record about one certificate
  revoke <number> --reason "…"
                             revoke it at an agency's written request (the reason, 10 to
                             1,000 characters, is shown publicly; the vendor is emailed)
  list-keys                  the signing keys, active and retired
  rotate-key                 generate a new local signing key and make it the active one
                             (with SIGNING_KEY_PKCS12_FILE, rotation is a configuration change)
  help                       this text

The database is the one \`npm start\` uses (DATABASE_URL, or the embedded PostgreSQL in DATA_DIR).`

export class UsageError extends Error {}

export type Command =
  | { name: 'help' }
  | { name: 'issue'; attestationId: string }
  | { name: 're-render'; number: string }
  | { name: 'show'; number: string }
  | { name: 'list-keys' }
  | { name: 'rotate-key' }
  | { name: 'revoke'; number: string; reason: string }

/** Options as `--name value` or `--name=value` (a bare `--name` has no value); the rest is positional. */
function splitArguments(args: string[]) {
  const positional: string[] = []
  const options = new Map<string, string | undefined>()
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (!arg.startsWith('--')) {
      positional.push(arg)
      continue
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined]
    const next = args[i + 1]
    if (inline !== undefined) options.set(name, inline)
    else if (next !== undefined && !next.startsWith('--')) options.set(name, args[++i])
    else options.set(name, undefined)
  }
  return { positional, options }
}

function expectNothingElse(command: string, positional: string[], options: Map<string, string | undefined>, allowed: string[] = []) {
  const unknown = [...options.keys()].find((name) => !allowed.includes(name))
  if (unknown) throw new UsageError(`${command} does not take --${unknown}.`)
  if (positional.length > 0) throw new UsageError(`${command} does not take "${positional.join(' ')}".`)
}

function numberArgument(command: string, positional: string[]): string {
  const [input, ...rest] = positional
  if (input === undefined) throw new UsageError(`${command} needs a certificate number.`)
  if (rest.length > 0) throw new UsageError(`${command} takes one certificate number, not "${positional.join(' ')}".`)
  const number = normalizeCertificateNumber(input)
  if (number === null || !isValidCertificateNumber(number)) throw new UsageError(`"${input}" is not a certificate number (wrong length or check character).`)
  return number
}

export function parseCommand(argv: string[]): Command {
  const [name, ...args] = argv
  if (name === undefined) throw new UsageError('No command given.')
  if (name === 'help' || name === '--help' || name === '-h') return { name: 'help' }
  const { positional, options } = splitArguments(args)
  switch (name) {
    case 'issue': {
      if (!options.has('attestation')) throw new UsageError('issue needs --attestation <id>.')
      const attestationId = options.get('attestation')?.trim()
      if (!attestationId) throw new UsageError('--attestation needs a value (the attestation id).')
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
    case 'revoke': {
      if (!options.has('reason')) throw new UsageError('revoke needs --reason "…" (why, shown on the public verification page).')
      const reason = options.get('reason')?.trim() ?? ''
      if (reason.length < MIN_REVOCATION_REASON_LENGTH || reason.length > MAX_REVOCATION_REASON_LENGTH) {
        throw new UsageError(`--reason must be ${MIN_REVOCATION_REASON_LENGTH} to ${MAX_REVOCATION_REASON_LENGTH} characters.`)
      }
      const number = numberArgument('revoke', positional)
      expectNothingElse('revoke', [], options, ['reason'])
      return { name, number, reason }
    }
    default:
      throw new UsageError(`Unknown command "${name}".`)
  }
}
