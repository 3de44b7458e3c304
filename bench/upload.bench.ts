// `npm run bench upload`: how fast and how lean a document upload is (app/documents/upload.server.ts).
//
// A 20 MB PDF is made in a temporary directory. The baseline is the system's `sha256sum` on that
// file (best of three, from the page cache). Then this same file, started with `--server`, runs in
// a child process as a small node:http server that hands each request to receiveDocumentUpload
// (local disk storage in the temporary directory), exactly as the Remix Express adapter would
// (a web Request over the Node request stream). The parent POSTs the file as multipart three times.
//
// Reported: wall time and MB/s of the whole upload; the hashing throughput measured inside the
// handler (time spent in hash.update alone), and its ratio to sha256sum (goal: at least 0.5); the
// server's resident memory before and at its peak during the upload (goal: a small multiple of the
// stream buffers, far from the +20 MB that holding the file would cost). Stops by itself.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createHash, randomFillSync, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { MEDIA_TYPES } from '~/documents/schemas'
import { LocalDiskStorage } from '~/documents/storage.server'
import { receiveDocumentUpload, type UploadMeasurements } from '~/documents/upload.server'

const FILE_BYTES = 20_000_000
/** A second, larger file: memory that does not grow with it is bounded, not proportional. */
const LARGE_FILE_BYTES = 80_000_000
// Above both files (the portal's default is 20 MiB): the limit does not change the work done.
const MAX_BYTES = 128 * 1024 * 1024
const RUNS = 3
const OVERALL_TIMEOUT_MS = 180_000
const MB = 1_000_000

type Memory = { rss: number; heapUsed: number; external: number; arrayBuffers: number }
type ServerReport = {
  ok: boolean
  status?: number
  sha256?: string
  sizeBytes?: number
  measurements?: UploadMeasurements
  before: Memory
  peak: Memory
  /** After a forced collection at the end of the upload: what the upload really keeps. */
  retained: Memory
}

// ───────────────────────────── The server (child process) ─────────────────────────────

function memory(): Memory {
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage()
  return { rss, heapUsed, external, arrayBuffers }
}

function collectGarbage() {
  const gc: unknown = Reflect.get(globalThis, 'gc')
  if (typeof gc === 'function') gc()
}

function headersOf(incoming: http.IncomingHttpHeaders): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(incoming)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item)
    else if (value !== undefined) headers.set(name, value)
  }
  return headers
}

async function runServer(root: string) {
  const storage = new LocalDiskStorage(root)
  const server = http.createServer((req, res) => {
    void (async () => {
      collectGarbage()
      const before = memory()
      const peak = { ...before }
      const sample = () => {
        const now = memory()
        peak.rss = Math.max(peak.rss, now.rss)
        peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed)
        peak.external = Math.max(peak.external, now.external)
        peak.arrayBuffers = Math.max(peak.arrayBuffers, now.arrayBuffers)
      }
      const timer = setInterval(sample, 1)
      let measurements: UploadMeasurements | undefined
      // The same construction as @remix-run/express's createRemixRequest.
      const request = new Request(`http://localhost${req.url ?? '/'}`, {
        method: req.method,
        headers: headersOf(req.headers),
        body: createReadableStreamFromReadable(req),
        duplex: 'half',
      })
      const result = await receiveDocumentUpload(request, {
        maxBytes: MAX_BYTES,
        allowedTypes: [MEDIA_TYPES.pdf],
        storage,
        onMeasured: (m) => (measurements = m),
      })
      sample()
      clearInterval(timer)
      collectGarbage()
      const retained = memory()
      const report: ServerReport = result.ok
        ? { ok: true, sha256: result.file.sha256, sizeBytes: result.file.sizeBytes, measurements, before, peak, retained }
        : { ok: false, status: result.status, before, peak, retained }
      if (result.ok) await storage.delete(result.file.storageKey)
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify(report))
    })().catch((error: unknown) => {
      res.writeHead(500)
      res.end(String(error))
    })
  })
  server.listen(0, '127.0.0.1', () => {
    const address = server.address()
    if (address && typeof address === 'object') process.send?.({ port: address.port })
  })
  // The parent says when to stop; if it dies, the IPC channel closes and so do we.
  process.on('disconnect', () => server.close(() => process.exit(0)))
}

// ───────────────────────────── The benchmark (parent process) ─────────────────────────────

/** A valid PDF of exactly `size` bytes whose page content is random (like compressed images). */
function writePdf(file: string, size: number) {
  const header = Buffer.from('%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n', 'latin1')
  const objectsStart = header.length
  const catalog = '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n'
  const pages = '2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n'
  const prelude = Buffer.from(catalog + pages, 'latin1')
  const makeTrailer = (streamStart: number, streamLength: number) => {
    const xrefAt = streamStart + streamLength + '\nendstream\nendobj\n'.length
    const offsets = [objectsStart, objectsStart + catalog.length, objectsStart + prelude.length]
    return Buffer.from(
      '\nendstream\nendobj\n' +
        `xref\n0 4\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}` +
        `trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`,
      'latin1',
    )
  }
  // Sizes depend on the digits of the stream length: settle them with a fixed-width length.
  const guess = size - 600
  const streamHeader = (length: number) => Buffer.from(`3 0 obj\n<< /Length ${String(length).padStart(10, '0')} >>\nstream\n`, 'latin1')
  const streamStart = header.length + prelude.length + streamHeader(guess).length
  const trailerLength = makeTrailer(streamStart, guess).length
  const streamLength = size - streamStart - trailerLength
  const fd = fs.openSync(file, 'w')
  try {
    fs.writeSync(fd, header)
    fs.writeSync(fd, prelude)
    fs.writeSync(fd, streamHeader(streamLength))
    const chunk = Buffer.alloc(1024 * 1024)
    for (let written = 0; written < streamLength; written += chunk.length) {
      randomFillSync(chunk)
      fs.writeSync(fd, chunk, 0, Math.min(chunk.length, streamLength - written))
    }
    fs.writeSync(fd, makeTrailer(streamStart, streamLength))
  } finally {
    fs.closeSync(fd)
  }
  const actual = fs.statSync(file).size
  if (actual !== size) throw new Error(`generated ${actual} bytes instead of ${size}`)
}

function sha256sumBaseline(file: string): { ms: number; hex: string } {
  let best = Number.POSITIVE_INFINITY
  let hex = ''
  for (let i = 0; i < 3; i++) {
    const start = performance.now()
    const result = spawnSync('sha256sum', [file], { encoding: 'utf8' })
    const ms = performance.now() - start
    if (result.status !== 0) throw new Error(`sha256sum failed: ${result.stderr}`)
    hex = result.stdout.split(/\s+/)[0] ?? ''
    best = Math.min(best, ms)
  }
  return { ms: best, hex }
}

function startServer(root: string): Promise<{ child: ChildProcess; port: number }> {
  const self = fileURLToPath(import.meta.url)
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--server', root], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`the server exited early (${code})`)))
    child.once('message', (message: unknown) => {
      const port = typeof message === 'object' && message !== null && 'port' in message ? message.port : undefined
      if (typeof port === 'number') resolve({ child, port })
      else reject(new Error(`unexpected message from the server: ${JSON.stringify(message)}`))
    })
  })
}

async function post(port: number, file: string, fileName: string): Promise<{ wallMs: number; report: ServerReport }> {
  const boundary = `----portal-bench-${randomUUID()}`
  const prefix = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nupload\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ncompliance_plan\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`,
  )
  const suffix = Buffer.from(`\r\n--${boundary}--\r\n`)
  const size = fs.statSync(file).size
  const start = performance.now()
  const request = http.request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/',
    headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': prefix.length + size + suffix.length },
  })
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    request.once('response', resolve)
    request.once('error', reject)
  })
  async function* body() {
    yield prefix
    yield* fs.createReadStream(file)
    yield suffix
  }
  await pipeline(Readable.from(body()), request)
  const incoming = await response
  let text = ''
  for await (const chunk of incoming) text += String(chunk)
  const wallMs = performance.now() - start
  if (incoming.statusCode !== 200) throw new Error(`upload answered ${incoming.statusCode}: ${text}`)
  const report: unknown = JSON.parse(text)
  if (!isServerReport(report)) throw new Error(`unexpected report: ${text}`)
  return { wallMs, report }
}

function isServerReport(value: unknown): value is ServerReport {
  return typeof value === 'object' && value !== null && 'ok' in value && 'before' in value && 'peak' in value
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`
const rate = (bytes: number, ms: number) => `${(bytes / MB / (ms / 1000)).toFixed(0)} MB/s`

async function runBenchmark() {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-upload-bench-'))
  let server: ChildProcess | undefined
  const watchdog = setTimeout(() => {
    console.error(`upload benchmark: no result after ${OVERALL_TIMEOUT_MS / 1000} s, giving up`)
    server?.kill()
    fs.rmSync(directory, { recursive: true, force: true })
    process.exit(1)
  }, OVERALL_TIMEOUT_MS)
  try {
    const file = path.join(directory, 'plan.pdf')
    writePdf(file, FILE_BYTES)
    const expected = createHash('sha256').update(fs.readFileSync(file)).digest('hex')
    const baseline = sha256sumBaseline(file)
    if (baseline.hex !== expected) throw new Error('sha256sum disagrees with node:crypto')

    const started = await startServer(path.join(directory, 'uploads'))
    server = started.child
    // Warm-up: module loading and JIT on a small file, not measured.
    const small = path.join(directory, 'small.pdf')
    writePdf(small, 200_000)
    await post(started.port, small, 'small.pdf')

    const runs: Array<{ wallMs: number; report: ServerReport }> = []
    for (let i = 0; i < RUNS; i++) runs.push(await post(started.port, file, 'plan.pdf'))
    for (const run of runs) {
      if (!run.report.ok) throw new Error(`the upload was refused with ${run.report.status}`)
      if (run.report.sha256 !== expected) throw new Error('the handler computed a different SHA-256')
    }
    const large = path.join(directory, 'large.pdf')
    writePdf(large, LARGE_FILE_BYTES)
    const largeRun = await post(started.port, large, 'large.pdf')
    if (!largeRun.report.ok) throw new Error(`the large upload was refused with ${largeRun.report.status}`)

    const wallMs = median(runs.map((r) => r.wallMs))
    const hashMs = median(runs.map((r) => r.report.measurements?.hashMs ?? Number.NaN))
    const receiveMs = median(runs.map((r) => r.report.measurements?.receiveMs ?? Number.NaN))
    const sumRate = FILE_BYTES / baseline.ms
    const hashRate = FILE_BYTES / hashMs
    const rssGrowth = Math.max(...runs.map((r) => r.report.peak.rss - r.report.before.rss))
    const heapGrowth = Math.max(...runs.map((r) => r.report.peak.heapUsed - r.report.before.heapUsed))
    const bufferGrowth = Math.max(...runs.map((r) => r.report.peak.arrayBuffers - r.report.before.arrayBuffers))
    // Live memory (JS heap + ArrayBuffers), not RSS: after a collection the allocator keeps its pages.
    const live = (m: Memory) => m.heapUsed + m.arrayBuffers
    const retainedGrowth = Math.max(...runs.map((r) => live(r.report.retained) - live(r.report.before)))
    const largeGrowth = largeRun.report.peak.rss - largeRun.report.before.rss
    const first = runs[0]?.report

    const rows: Array<[string, string, string]> = [
      ['file', `${(FILE_BYTES / MB).toFixed(0)} MB PDF`, ''],
      ['sha256sum (baseline)', `${baseline.ms.toFixed(0)} ms`, rate(FILE_BYTES, baseline.ms)],
      ['upload, wall time (client)', `${wallMs.toFixed(0)} ms`, rate(FILE_BYTES, wallMs)],
      ['  in handler: receive + hash + store', `${receiveMs.toFixed(0)} ms`, rate(FILE_BYTES, receiveMs)],
      ['  in handler: hash.update only', `${hashMs.toFixed(0)} ms`, rate(FILE_BYTES, hashMs)],
      ['hashing speed ÷ sha256sum speed', (hashRate / sumRate).toFixed(2), hashRate / sumRate >= 0.5 ? 'goal ≥ 0.5: met' : 'goal ≥ 0.5: NOT met'],
      ['server RSS before upload', first ? mib(first.before.rss) : '?', ''],
      ['server RSS peak growth (worst run)', mib(rssGrowth), rssGrowth < 20 * 1024 * 1024 ? 'goal < +20 MiB: met' : 'goal < +20 MiB: NOT met'],
      ['  of which JS heap', mib(heapGrowth), ''],
      ['  of which ArrayBuffers (mostly garbage)', mib(bufferGrowth), 'freed at the next collection'],
      ['live memory kept after a GC', mib(retainedGrowth), 'what the upload really holds on to'],
      [
        `RSS peak growth, ${LARGE_FILE_BYTES / MB} MB file`,
        mib(largeGrowth),
        largeGrowth <= rssGrowth + 4 * 1024 * 1024 ? `no more than for ${FILE_BYTES / MB} MB: bounded` : 'GREW with the file size',
      ],
      [`upload, wall time, ${LARGE_FILE_BYTES / MB} MB file`, `${largeRun.wallMs.toFixed(0)} ms`, rate(LARGE_FILE_BYTES, largeRun.wallMs)],
    ]
    const width = Math.max(...rows.map((r) => r[0].length))
    const valueWidth = Math.max(...rows.map((r) => r[1].length))
    console.log(`upload of a ${FILE_BYTES / MB} MB file, median of ${RUNS} runs (Node ${process.version}, ${os.cpus().length} CPUs)`)
    for (const [label, value, note] of rows) console.log(`  ${label.padEnd(width)}  ${value.padStart(valueWidth)}  ${note}`)
  } finally {
    clearTimeout(watchdog)
    if (server) {
      const exited = new Promise((resolve) => server?.once('exit', resolve))
      server.disconnect()
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))])
      if (server.exitCode === null) server.kill()
    }
    fs.rmSync(directory, { recursive: true, force: true })
  }
}

// Last, so every constant above is initialized before either half runs.
if (process.argv.includes('--server')) {
  await runServer(process.argv[process.argv.indexOf('--server') + 1] ?? os.tmpdir())
} else {
  await runBenchmark()
}
