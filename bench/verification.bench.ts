// `npm run bench verification`: the public verification endpoints under load (product.md §6).
//
// The portal runs as `npm start` runs it (production build, embedded PostgreSQL, demo data) in a
// child process with a fresh data directory; a bare node:http server answering a fixed JSON body
// (the API's own answer for the same certificate) runs in another. autocannon, in a third
// process, loads each on loopback with 50 connections: (a) the bare server, the baseline,
// (b) GET /api/v1/certificates/<number>, (c) GET /verify/<number> (the HTML page). Rounds
// alternate so that all three see the same machine; the best round of each is reported.
// Reported: requests per second, p50 and p99 latency, the ratio to the bare server, and (on
// Linux) the server process's CPU time per request, which stays comparable on a busy machine.
// Goals for the API: at least 30% of the bare server's throughput and p99 under 50 ms.
//
// Settings: BENCH_SECONDS (per measurement, default 10), BENCH_ROUNDS (default 2).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { findFreePort } from '~/db/postgres.server'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2)
const CONNECTIONS = 50
const GOAL_RATIO = 0.3
const GOAL_P99_MS = 50

const children: ChildProcess[] = []
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-bench-verification-'))
function cleanUp() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
}
process.on('exit', cleanUp)

// The production build `npm start` serves.
if (!fs.existsSync(path.join(root, 'build', 'server', 'index.js'))) {
  console.log('No build/ yet: running `npm run build` once (about a minute).')
  const built = spawnSync(process.execPath, [path.join(root, 'node_modules', '@remix-run', 'dev', 'dist', 'cli.js'), 'vite:build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  })
  if (built.status !== 0) {
    console.error('The build failed; run `npm run build` and look at its output.')
    process.exit(1)
  }
} else {
  console.log('Using the existing build/ (run `npm run build` first if the app changed since).')
}

function waitForLine(child: ChildProcess, pattern: RegExp, what: string, timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => reject(new Error(`${what} did not start in time:\n${output}`)), timeoutMs)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = pattern.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[0])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${what} exited with code ${code}:\n${output}`))
    })
  })
}

// (1) The portal, as `npm start` runs it.
const portalPort = await findFreePort()
const portal = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'index.ts')], {
  cwd: root,
  env: { ...process.env, NODE_ENV: 'production', LOG_REQUESTS: 'false', DATA_DIR: dataDir, PORT: String(portalPort), HOST: '127.0.0.1', DATABASE_URL: '' },
  stdio: ['ignore', 'pipe', 'pipe'],
})
children.push(portal)
await waitForLine(portal, /Portal ready/, 'The portal')
const base = `http://127.0.0.1:${portalPort}`

// (2) A real certificate: the demo data's, or one issued now for the demo vendor's contract.
process.env.DATA_DIR = dataDir
process.env.PORT = String(portalPort)
delete process.env.DATABASE_URL
const number = await findOrIssueCertificate()
console.log(`Certificate ${number}; portal at ${base}`)

async function findOrIssueCertificate(): Promise<string> {
  const { withPortalDatabase } = await import('../server/cli-database')
  const { db } = await import('~/db/db.server')
  const { makeDeclaration } = await import('~/demo/declarations.server')
  const { markAttestationApproved } = await import('~/attestations/attestations.server')
  return withPortalDatabase(
    async () => {
      const existing = await db().certificate.findFirst({ where: { status: 'valid' }, orderBy: { issuedAt: 'desc' }, select: { number: true } })
      if (existing) return existing.number
      const contract = await db().contract.findFirstOrThrow({ where: { primeVendorId: { not: null } }, orderBy: { number: 'asc' } })
      const member = await db().membership.findFirstOrThrow({
        where: { organizationId: contract.primeVendorId!, role: 'owner' },
        select: { user: { select: { id: true, name: true } } },
      })
      const declaration = await makeDeclaration(db(), {
        organizationId: contract.primeVendorId!,
        contractIds: [contract.id],
        signer: { id: member.user.id, name: member.user.name, title: 'Owner' },
      })
      if (declaration.status !== 'approved') {
        await db().$transaction((tx) => markAttestationApproved(tx, { attestationId: declaration.attestationId, at: new Date(), reviewerId: null }))
      }
      const issued = await db().certificate.findUniqueOrThrow({ where: { attestationId: declaration.attestationId }, select: { number: true } })
      return issued.number
    },
    { say: () => {} },
  )
}

const apiUrl = `${base}/api/v1/certificates/${number}`
const pageUrl = `${base}/verify/${number}`
const apiResponse = await fetch(apiUrl)
const page = await fetch(pageUrl)
if (apiResponse.status !== 200 || page.status !== 200) throw new Error(`The portal answered ${apiResponse.status} and ${page.status}`)
const body = await apiResponse.text()
await page.text()

// (3) The baseline: a bare node:http server answering the same JSON, in its own process.
const barePort = await findFreePort()
const bare = spawn(
  process.execPath,
  [
    '-e',
    `const body = Buffer.from(process.env.BODY);
     require('node:http').createServer((req, res) => {
       res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
       res.end(body);
     }).listen(${barePort}, '127.0.0.1', () => console.log('bare ready'));`,
  ],
  { env: { ...process.env, BODY: body }, stdio: ['ignore', 'pipe', 'pipe'] },
)
children.push(bare)
await waitForLine(bare, /bare ready/, 'The bare server')

type Result = { rps: number; p50: number; p99: number; non2xx: number; errors: number; cpuMsPerRequest: number | null }

/**
 * CPU time (user + system, ms) the server process used so far, from /proc on Linux; null
 * elsewhere. Per request it shows the cost of each path even when other programs load the machine.
 */
function cpuMs(pid: number | undefined): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    // utime and stime are fields 14 and 15 of the file, 12 and 13 after the command name, in ticks (100 Hz).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
  } catch {
    return null
  }
}

/** One autocannon run in its own process (it must not share this process's CPU time). */
function load(url: string, seconds: number, server?: ChildProcess): Promise<Result> {
  const cpuBefore = cpuMs(server?.pid)
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'node_modules', 'autocannon', 'autocannon.js'), '-c', String(CONNECTIONS), '-d', String(seconds), '-j', url],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    children.push(child)
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}: ${err}`))
      const json = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
        requests: { average: number; total: number }
        latency: { p50: number; p99: number }
        non2xx: number
        errors: number
        timeouts: number
      }
      const cpuAfter = cpuMs(server?.pid)
      const cpuMsPerRequest = cpuBefore === null || cpuAfter === null || json.requests.total === 0 ? null : (cpuAfter - cpuBefore) / json.requests.total
      resolve({
        rps: json.requests.average,
        p50: json.latency.p50,
        p99: json.latency.p99,
        non2xx: json.non2xx,
        errors: json.errors + json.timeouts,
        cpuMsPerRequest,
      })
    })
  })
}

const targets = [
  { name: 'bare node:http (fixed JSON)', url: `http://127.0.0.1:${barePort}/`, server: bare },
  { name: 'GET /api/v1/certificates/:number', url: apiUrl, server: portal },
  { name: 'GET /verify/:number (HTML)', url: pageUrl, server: portal },
] as const

const cpu = (r: Result) => (r.cpuMsPerRequest === null ? '—' : `${r.cpuMsPerRequest.toFixed(2)} ms`)

// Warm-up: JIT, connection pools, caches.
for (const target of targets) await load(target.url, 2, target.server)

const best = new Map<string, Result>()
for (let round = 1; round <= ROUNDS; round++) {
  for (const target of targets) {
    const result = await load(target.url, SECONDS, target.server)
    console.log(
      `  round ${round}: ${target.name.padEnd(34)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  server CPU ${cpu(result)}/request` +
        (result.non2xx + result.errors > 0 ? `  (${result.non2xx} non-2xx, ${result.errors} errors)` : ''),
    )
    const previous = best.get(target.name)
    if (!previous || result.rps > previous.rps) best.set(target.name, result)
  }
}

const baseline = best.get(targets[0].name)!
console.log(`\n${CONNECTIONS} connections, ${SECONDS} s per run, best of ${ROUNDS} rounds, on ${os.cpus().length} cores:`)
console.log(`  ${'target'.padEnd(34)} ${'req/s'.padStart(7)}  ${'p50'.padStart(7)}  ${'p99'.padStart(7)}  of bare  server CPU/request`)
for (const target of targets) {
  const r = best.get(target.name)!
  console.log(
    `  ${target.name.padEnd(34)} ${r.rps.toFixed(0).padStart(7)}  ${`${r.p50} ms`.padStart(7)}  ${`${r.p99} ms`.padStart(7)}  ${((r.rps / baseline.rps) * 100).toFixed(0).padStart(6)}%  ${cpu(r).padStart(9)}`,
  )
}
const api = best.get(targets[1].name)!
const ratio = api.rps / baseline.rps
console.log(
  `\nAPI goal: ≥ ${GOAL_RATIO * 100}% of bare throughput: ${ratio >= GOAL_RATIO ? 'met' : 'NOT met'} (${(ratio * 100).toFixed(0)}%); ` +
    `p99 < ${GOAL_P99_MS} ms: ${api.p99 < GOAL_P99_MS ? 'met' : 'NOT met'} (${api.p99} ms)`,
)

// Stop the portal in order (it stops its PostgreSQL), then remove the data directory.
cleanUp()
await new Promise<void>((resolve) => (portal.exitCode !== null ? resolve() : portal.once('exit', () => resolve())))
fs.rmSync(dataDir, { recursive: true, force: true })
process.exit(0)
