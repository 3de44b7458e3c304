// `npm run bench training-import`: importing a large training-record CSV (app/training/import.server.ts).
//
// A CSV of 100,000 training records for 25,000 workers is generated into a temporary directory,
// and a scratch embedded PostgreSQL is started with the portal's migrations. Then, in the same run:
//
// 1. The import: this file, started with `--server`, runs in a child process as a small node:http
//    server that handles a multipart POST the way the import page does (receiveTrainingCsv → preview
//    → confirm), with local disk storage. Reported: wall time of upload + preview + confirm as the
//    client sees it, and the child's peak resident memory (process.resourceUsage().maxRSS, plus
//    1 ms sampling of process.memoryUsage()).
// 2. The physical floor: PostgreSQL's own COPY of the same file into a scratch table with the same
//    columns (no validation, no workers, no unique keys), timed from the parent.
// 3. The coverage page's server work for the organization of 25,000 workers: what its loader
//    queries (coverage in SQL, the first page of records, the catalog), best and median of 10.
//
// Goals (product issue): import < 30 s on a 2-core machine, peak RSS < 300 MB, within 5× of COPY;
// the coverage page < 200 ms of server time.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { connectDatabase, db, disconnectDatabase } from '~/db/db.server'
import { applyMigrations } from '~/db/migrate.server'
import { ensureDatabase, startEmbeddedPostgres, withDatabase } from '~/db/postgres.server'
import { LocalDiskStorage } from '~/documents/storage.server'
import { listTrainingModules, syncTrainingCatalog } from '~/training/catalog.server'
import { coverageForOrganizations } from '~/training/coverage.server'
import { confirmTrainingImport, previewTrainingImport, receiveTrainingCsv } from '~/training/import.server'
import { listTrainingRecords } from '~/training/workers.server'

const WORKERS = 25_000
const RECORDS = 100_000
const MAX_BYTES = 64 * 1024 * 1024
const MB = 1024 * 1024
const here = path.dirname(fileURLToPath(import.meta.url))

// ───────────────────────────── The server (child process) ─────────────────────────────

function headersOf(incoming: http.IncomingHttpHeaders): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(incoming)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item)
    else if (value !== undefined) headers.set(name, value)
  }
  return headers
}

async function runServer(databaseUrl: string, root: string, organizationId: string, userId: string) {
  connectDatabase(databaseUrl)
  const storage = new LocalDiskStorage(root)
  const server = http.createServer((req, res) => {
    void (async () => {
      let peakRss = process.memoryUsage().rss
      const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 1)
      const started = performance.now()
      const request = new Request(`http://localhost${req.url ?? '/'}`, { method: req.method, headers: headersOf(req.headers), body: createReadableStreamFromReadable(req), duplex: 'half' })
      const received = await receiveTrainingCsv(request, { maxBytes: MAX_BYTES, storage })
      if (!received.ok) throw new Error(`upload refused: ${received.error.key}`)
      const receivedMs = performance.now() - started
      const preview = await previewTrainingImport({ organizationId, uploadedById: userId, file: received.file, storage })
      if (!preview.ok) throw new Error(`preview refused: ${preview.error.key}`)
      const previewMs = performance.now() - started - receivedMs
      const confirmed = await confirmTrainingImport({ organizationId, importId: preview.importId, actorUserId: userId, storage })
      const confirmMs = performance.now() - started - receivedMs - previewMs
      clearInterval(timer)
      const maxRss = process.resourceUsage().maxRSS * 1024
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ confirmed, receivedMs, previewMs, confirmMs, peakRss: Math.max(peakRss, maxRss), sampledPeakRss: peakRss }))
    })().catch((error: unknown) => {
      res.writeHead(500)
      res.end(String(error instanceof Error ? error.stack : error))
    })
  })
  server.listen(0, '127.0.0.1', () => {
    const address = server.address()
    if (address && typeof address === 'object') process.send?.({ port: address.port })
  })
  process.on('disconnect', () => server.close(() => void disconnectDatabase().finally(() => process.exit(0))))
}

// ───────────────────────────── The benchmark (parent process) ─────────────────────────────

const FIRST = ['María', 'José', 'Ana', 'Luis', 'Nguyen', 'Min-jun', 'Wei', 'Anahit', 'James', 'Rosa']
const LAST = ['Hernández', 'García', 'Tran', 'Kim', 'Chen', 'Petrosyan', 'Johnson', 'López, Jr.']
const MODULES = ['WR-AWARE', 'ETH-RECRUIT', 'SUP-IDENTIFY', 'EVENT-STAFF']
const LANGUAGES = ['es', 'en', 'vi', 'ko', 'zh-Hant', 'tl', 'hy']

/** 100,000 records: each of 25,000 workers took 4 modules on distinct days (unique keys). */
function writeCsv(file: string) {
  const fd = fs.openSync(file, 'w')
  const lines: string[] = ['worker_ref,worker_name,module_code,completed_on,language,delivered_by,hours']
  const flush = () => {
    fs.writeSync(fd, `${lines.join('\n')}\n`)
    lines.length = 0
  }
  const base = Date.UTC(2025, 0, 1)
  for (let i = 0; i < RECORDS; i++) {
    const worker = i % WORKERS
    const round = Math.floor(i / WORKERS)
    const name = `${FIRST[worker % FIRST.length]} ${LAST[(worker * 7) % LAST.length]}`
    const day = new Date(base + ((worker * 13 + round * 97) % 500) * 86_400_000).toISOString().slice(0, 10)
    lines.push(`W${String(worker).padStart(6, '0')},"${name}",${MODULES[round % MODULES.length]},${day},${LANGUAGES[worker % LANGUAGES.length]},"Trainer ${worker % 40}, LA",${(worker % 4) + 1}.5`)
    if (lines.length >= 5000) flush()
  }
  flush()
  fs.closeSync(fd)
}

function startServer(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--server', ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`the server exited early (${code})`)))
    child.once('message', (message: unknown) => {
      const port = typeof message === 'object' && message !== null && 'port' in message ? message.port : undefined
      if (typeof port === 'number') resolve({ child, port })
      else reject(new Error(`unexpected message: ${JSON.stringify(message)}`))
    })
  })
}

function post(port: number, file: string): Promise<{ wallMs: number; body: string; status: number }> {
  const boundary = `----training-bench-${randomUUID()}`
  const prefix = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nupload\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="records.csv"\r\nContent-Type: text/csv\r\n\r\n`)
  const suffix = Buffer.from(`\r\n--${boundary}--\r\n`)
  const length = prefix.length + fs.statSync(file).size + suffix.length
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': length } }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ wallMs: performance.now() - started, body: Buffer.concat(chunks).toString('utf8'), status: response.statusCode ?? 0 }))
    })
    request.on('error', reject)
    request.write(prefix)
    const stream = fs.createReadStream(file)
    stream.on('end', () => request.end(suffix))
    stream.pipe(request, { end: false })
  })
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN

async function main() {
  const temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'training-bench-'))
  const csv = path.join(temporary, 'records.csv')
  const postgres = await startEmbeddedPostgres({ directory: path.join(temporary, 'postgres') })
  try {
    await ensureDatabase(postgres.adminUrl, 'bench')
    const databaseUrl = withDatabase(postgres.adminUrl, 'bench')
    await applyMigrations(databaseUrl, { migrationsDir: path.join(here, '..', 'prisma', 'migrations'), log: () => {} })
    connectDatabase(databaseUrl)
    await syncTrainingCatalog(db())
    const organization = await db().organization.create({ data: { kind: 'vendor', legalName: 'Bench Staffing LLC' }, select: { id: true } })
    const user = await db().user.create({ data: { email: 'bench@example.test', name: 'Bench', passwordHash: 'x' }, select: { id: true } })

    let started = performance.now()
    writeCsv(csv)
    const size = fs.statSync(csv).size
    console.log(`CSV: ${RECORDS.toLocaleString('en-US')} records for ${WORKERS.toLocaleString('en-US')} workers, ${(size / MB).toFixed(1)} MB (written in ${Math.round(performance.now() - started)} ms)`)

    // 1. The import, in a server-like child process.
    const { child, port } = await startServer([databaseUrl, path.join(temporary, 'uploads'), organization.id, user.id])
    const result = await post(port, csv)
    child.disconnect()
    if (result.status !== 200) throw new Error(`import failed (${result.status}): ${result.body}`)
    const report = JSON.parse(result.body) as { confirmed: { added: number; validRows: number; errorRows: number }; receivedMs: number; previewMs: number; confirmMs: number; peakRss: number; sampledPeakRss: number }
    const records = await db().trainingRecord.count()
    const workers = await db().worker.count()

    // 2. COPY of the same file into a scratch table: the physical floor.
    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    await client.query('CREATE TABLE scratch_training (worker_ref text, worker_name text, module_code text, completed_on date, language text, delivered_by text, hours numeric(5,2))')
    started = performance.now()
    const copied = await client.query(`COPY scratch_training FROM '${csv.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true)`)
    const copyMs = performance.now() - started
    await client.end()

    // 3. The coverage page's server work, for 25,000 workers.
    const times: number[] = []
    const coverageTimes: number[] = []
    const listTimes: number[] = []
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now()
      const timed = async <T>(work: Promise<T>, into: number[]) => {
        const value = await work
        into.push(performance.now() - t0)
        return value
      }
      await Promise.all([timed(coverageForOrganizations([organization.id], new Date()), coverageTimes), timed(listTrainingRecords(organization.id, {}, { page: 1 }), listTimes), listTrainingModules()])
      times.push(performance.now() - t0)
    }

    const importMs = result.wallMs
    console.log('')
    console.log(`Import (upload + preview + confirm): ${(importMs / 1000).toFixed(2)} s wall  [receive ${(report.receivedMs / 1000).toFixed(2)} s, preview ${(report.previewMs / 1000).toFixed(2)} s, confirm ${(report.confirmMs / 1000).toFixed(2)} s]`)
    console.log(`  added ${report.confirmed.added.toLocaleString('en-US')} records (${records.toLocaleString('en-US')} in the table), ${workers.toLocaleString('en-US')} workers; ${report.confirmed.errorRows} rows with errors`)
    console.log(`  server peak RSS: ${(report.peakRss / MB).toFixed(0)} MB (maxRSS; sampled ${(report.sampledPeakRss / MB).toFixed(0)} MB)   goal < 300 MB`)
    console.log(`COPY of the same ${copied.rowCount?.toLocaleString('en-US')} rows into a scratch table: ${(copyMs / 1000).toFixed(2)} s`)
    console.log(`  import / COPY: ${(importMs / copyMs).toFixed(1)}×   goal ≤ 5×;  import goal < 30 s`)
    console.log(`Coverage page server work, ${WORKERS.toLocaleString('en-US')} workers: best ${Math.min(...times).toFixed(0)} ms, median ${median(times).toFixed(0)} ms   goal < 200 ms`)
    console.log(`  of which: coverage aggregate median ${median(coverageTimes).toFixed(0)} ms, first page of records median ${median(listTimes).toFixed(0)} ms (run concurrently)`)
    console.log(`Machine load average during the run: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')} on ${os.cpus().length} cores`)
  } finally {
    await disconnectDatabase().catch(() => undefined)
    await postgres.stop()
    fs.rmSync(temporary, { recursive: true, force: true })
  }
}

if (process.argv[2] === '--server') {
  const [databaseUrl = '', root = '', organizationId = '', userId = ''] = process.argv.slice(3)
  void runServer(databaseUrl, root, organizationId, userId)
} else {
  main().catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}
