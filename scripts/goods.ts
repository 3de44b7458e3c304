// `npm run goods -- import|list`: load a newer edition of a high-risk goods list, or list the
// stored editions (app/goods/command.server.ts, templates/goods/README.md).
import { db } from '~/db/db.server'
import { GOODS_USAGE, parseGoodsCommand, runGoodsCommand } from '~/goods/command.server'
import { withPortalDatabase } from '../server/cli-database'

const parsed = parseGoodsCommand(process.argv.slice(2))
if (!parsed.ok) {
  console.error(`${parsed.message}\n\n${GOODS_USAGE}`)
  process.exit(2)
}
const code = await withPortalDatabase(() => runGoodsCommand(db(), parsed.command, { out: (line) => console.log(line), err: (line) => console.error(line) }))
process.exitCode = code
