import path from 'node:path'
import { parseArgs } from 'node:util'
import type { PrismaClient } from '~/generated/prisma/client'
import { formatProblems } from './csv.server'
import { importGoodsEdition, listGoodsEditions } from './editions.server'
import { GOODS_LISTS, type GoodsListCode } from './names'

// `npm run goods -- …`: the operator's command for the goods lists (scripts/goods.ts runs it
// against the portal's database). Split from the script so tests call it on their database.

export const GOODS_USAGE = `Usage:
  npm run goods -- list
  npm run goods -- import --list tvpra|eo13126 --edition 2024 --published 2024-09-05 --file goods.csv [--source URL]

import  loads a newer edition of a list from a CSV file and makes it the active one (older
        editions are kept, inactive); any problem in the file is reported with its line number
        and nothing is stored. Columns: see templates/goods/README.md.
list    prints the stored editions.`

export type GoodsCommand =
  | { command: 'list' }
  | { command: 'import'; list: GoodsListCode; edition: string; publishedOn: string; file: string; source: string }

const isList = (value: string): value is GoodsListCode => (GOODS_LISTS as readonly string[]).includes(value)

/** The command line, or a message saying what is wrong with it. */
export function parseGoodsCommand(argv: string[]): { ok: true; command: GoodsCommand } | { ok: false; message: string } {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { list: { type: 'string' }, edition: { type: 'string' }, published: { type: 'string' }, file: { type: 'string' }, source: { type: 'string' } },
    })
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) }
  }
  const [name, ...extra] = parsed.positionals
  if (extra.length > 0) return { ok: false, message: `unexpected argument: ${extra.join(' ')}` }
  if (name === 'list') return { ok: true, command: { command: 'list' } }
  if (name !== 'import') return { ok: false, message: name ? `unknown command "${name}"` : 'no command given' }
  const { list, edition, published, file, source } = parsed.values
  const missing = [!list && '--list', !edition && '--edition', !published && '--published', !file && '--file'].filter(Boolean)
  if (missing.length > 0 || !list || !edition || !published || !file) return { ok: false, message: `missing ${missing.join(', ')}` }
  if (!isList(list)) return { ok: false, message: `--list must be one of ${GOODS_LISTS.join(', ')}, not "${list}"` }
  return {
    ok: true,
    command: { command: 'import', list, edition, publishedOn: published, file: path.resolve(file), source: source ?? `Imported from ${path.basename(file)}` },
  }
}

/** Run a parsed command; returns the exit code. `out` gets results, `err` gets reports. */
export async function runGoodsCommand(client: PrismaClient, command: GoodsCommand, { out, err, now }: { out: (line: string) => void; err: (line: string) => void; now?: Date }): Promise<number> {
  if (command.command === 'list') {
    const editions = await listGoodsEditions(client)
    if (editions.length === 0) out('No goods list editions are stored.')
    for (const e of editions) {
      out(`${e.list}\t${e.edition}\tpublished ${e.publishedOn.toISOString().slice(0, 10)}\t${e.rowCount} rows\t${e.active ? 'active' : 'inactive'}\timported ${e.importedAt.toISOString()}\t${e.source}`)
    }
    return 0
  }
  const result = await importGoodsEdition(client, { ...command, now })
  if (!result.ok) {
    err(`Nothing was imported; the ${command.list} edition ${command.edition} has problems:\n${formatProblems(result.problems)}`)
    return 1
  }
  out(`Imported ${command.list} edition ${command.edition}: ${result.rowCount} rows, now the active edition.`)
  out(`Contracts declaring goods on the old or new edition: ${result.affectedContracts}; with a changed risk tier on an open attestation: ${result.recomputedContracts.length}.`)
  return 0
}
