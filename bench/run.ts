// `npm run bench`: runs every bench/*.bench.ts in turn (or those named on the command line) and
// lets each print its own figures. Benchmarks compare against a baseline measured in the same
// run, so their ratios hold on a noisy machine; they are not tests and never fail the build.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const wanted = process.argv.slice(2)
const files = fs
  .readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => wanted.length === 0 || wanted.some((w) => name.includes(w)))
  .sort()

if (files.length === 0) console.log('No benchmarks found.')
let failed = 0
for (const file of files) {
  console.log(`\n━━ ${file}`)
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(here, file)], { stdio: 'inherit' })
  if (result.status !== 0) failed++
}
process.exit(failed > 0 ? 1 : 0)
