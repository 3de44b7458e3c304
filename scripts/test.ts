// `npm test`: the whole suite — unit and database tests (Vitest, on a real PostgreSQL it starts
// itself), then the browser tests (Playwright in Chromium, against the built app). Prints one
// closing line "N passed, N failed" over everything and exits non-zero on any failure.
//   npm test -- --no-e2e      skip the browser tests
//   npm test -- --e2e-only    only the browser tests
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const args = new Set(process.argv.slice(2))
const resultsDir = path.resolve('test-results')
fs.mkdirSync(resultsDir, { recursive: true })

type Counts = { passed: number; failed: number; skipped: number }
const total: Counts = { passed: 0, failed: 0, skipped: 0 }
let stepFailed = false

function run(label: string, command: string, commandArgs: string[], env: Record<string, string> = {}) {
  console.log(`\n▶ ${label}`)
  const started = Date.now()
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', env: { ...process.env, ...env } })
  console.log(`  ${label}: ${result.status === 0 ? 'ok' : `exit ${result.status}`} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  if (result.status !== 0) stepFailed = true
  return result.status === 0
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
}

function numberAt(value: unknown, key: string): number {
  if (value && typeof value === 'object' && key in value) {
    const field: unknown = Reflect.get(value, key)
    return typeof field === 'number' ? field : 0
  }
  return 0
}

if (!args.has('--e2e-only')) {
  const vitestJson = path.join(resultsDir, 'vitest.json')
  fs.rmSync(vitestJson, { force: true })
  run('unit and database tests (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`])
  const report = readJson(vitestJson)
  if (report === undefined) stepFailed = true
  total.passed += numberAt(report, 'numPassedTests')
  total.failed += numberAt(report, 'numFailedTests')
  total.skipped += numberAt(report, 'numPendingTests') + numberAt(report, 'numTodoTests')
}

if (!args.has('--no-e2e')) {
  const playwrightJson = path.join(resultsDir, 'playwright.json')
  fs.rmSync(playwrightJson, { force: true })
  if (run('build the app for the browser tests', 'npx', ['remix', 'vite:build'])) {
    run('browser tests (playwright, chromium)', 'npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson })
    const stats = (() => {
      const report = readJson(playwrightJson)
      return report && typeof report === 'object' && 'stats' in report ? report.stats : undefined
    })()
    if (stats === undefined) stepFailed = true
    total.passed += numberAt(stats, 'expected') + numberAt(stats, 'flaky')
    total.failed += numberAt(stats, 'unexpected')
    total.skipped += numberAt(stats, 'skipped')
  }
}

if (stepFailed && total.failed === 0) total.failed = 1 // a step that crashed before reporting still fails the run
console.log(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`)
process.exit(stepFailed || total.failed > 0 ? 1 : 0)
