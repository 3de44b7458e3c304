// The database for operator commands (npm run certificates, npm run reminders …), found the way
// `npm start` finds it: DATABASE_URL when set, otherwise the embedded PostgreSQL under DATA_DIR —
// the running portal's cluster when `npm start` is up, or one this command starts and stops
// itself. Migrations are applied first, so a command never runs against an older schema.
import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseEnv, setEnv, type Env } from '~/config/env.server'
import { connectDatabase, disconnectDatabase } from '~/db/db.server'
import { applyMigrations } from '~/db/migrate.server'
import {
  attachRunningPostgres,
  checkReachable,
  describeUrl,
  ensureDatabase,
  startEmbeddedPostgres,
  withDatabase,
  type RunningPostgres,
} from '~/db/postgres.server'
import { createMailer, setMailerForProcess } from '~/email/email.server'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export type CliContext = { env: Env; databaseUrl: string }

/**
 * Run `task` with `db()` connected to the portal's database, then release everything (stopping
 * the embedded PostgreSQL only if this command started it). Messages go to stderr through `say`
 * so a command's own output stays clean for pipes.
 */
export async function withPortalDatabase<T>(
  task: (context: CliContext) => Promise<T>,
  { say = (line: string) => console.error(line) }: { say?: (line: string) => void } = {},
): Promise<T> {
  const env = parseEnv(process.env)
  let embedded: RunningPostgres | undefined
  let databaseUrl: string
  if (env.DATABASE_URL) {
    databaseUrl = env.DATABASE_URL
    await checkReachable(databaseUrl)
    say(`Database: ${describeUrl(databaseUrl)} (DATABASE_URL)`)
  } else {
    const directory = path.join(env.dataDir, 'postgres')
    const running = await attachRunningPostgres(directory)
    if (running) {
      say(`Database: the running portal's embedded PostgreSQL in ${directory} (port ${running.port})`)
      embedded = running
    } else {
      await fs.mkdir(env.dataDir, { recursive: true })
      embedded = await startEmbeddedPostgres({ directory, port: env.EMBEDDED_PG_PORT })
      say(`Database: embedded PostgreSQL in ${directory} (started for this command)`)
    }
    await ensureDatabase(embedded.adminUrl, 'portal')
    databaseUrl = withDatabase(embedded.adminUrl, 'portal')
  }
  try {
    await applyMigrations(databaseUrl, { migrationsDir: path.join(root, 'prisma', 'migrations'), log: say })
    connectDatabase(databaseUrl)
    setEnv(env)
    // Mail from a command goes to SMTP_URL; without it, to the running portal's local catcher
    // when its port is fixed (MAIL_CATCHER_PORT), so it shows on /dev/mail.
    const smtpUrl = env.SMTP_URL ?? (env.MAIL_CATCHER_PORT ? `smtp://127.0.0.1:${env.MAIL_CATCHER_PORT}` : undefined)
    if (smtpUrl) setMailerForProcess(createMailer({ smtpUrl, from: env.MAIL_FROM }))
    return await task({ env, databaseUrl })
  } finally {
    await disconnectDatabase().catch(() => {})
    await embedded?.stop()
  }
}
