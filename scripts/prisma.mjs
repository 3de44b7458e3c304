#!/usr/bin/env node
// Runs the Prisma CLI. Prisma's CLI downloads a native schema engine on first use; machines
// without access to Prisma's servers cannot do that, and `prisma generate` never runs the
// engine anyway. So, unless the caller chose an engine, point the CLI at a placeholder that
// explains itself. Machines with internet access can set PRISMA_SCHEMA_ENGINE_BINARY or use
// `npx prisma` directly to get Prisma's normal behaviour.
import { spawnSync } from 'node:child_process'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const here = path.dirname(fileURLToPath(import.meta.url))
const env = { ...process.env }
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = path.join(here, 'schema-engine-placeholder.sh')
}
env.PRISMA_HIDE_UPDATE_MESSAGE ??= '1'
env.CHECKPOINT_DISABLE ??= '1'
const cli = path.join(here, '..', 'node_modules', 'prisma', 'build', 'index.js')
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: 'inherit', env })
process.exit(result.status ?? 1)
