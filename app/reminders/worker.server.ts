import pg from 'pg'
import PgBoss from 'pg-boss'
import { drainOutbox, type DeliveryOptions, type DrainResult } from './outbox.server'
import { runReminderScan } from './scan.server'

// Scheduling on PostgreSQL (pg-boss 10): the reminder scan and the outbox drain are cron jobs in
// the portal's own database, so several app instances share one schedule. pg-boss creates each
// cron job once per slot across instances, and the "stately" queue policy keeps at most one job
// queued and one running, so the scan and the drain never run twice at once. Neither relies on
// it for correctness: the scan's dedupe keys and the drain's SKIP LOCKED claims hold anyway.

export const SCAN_QUEUE = 'reminders-scan'
export const DRAIN_QUEUE = 'outbox-drain'
export const PG_BOSS_SCHEMA = 'pgboss'

// Hourly rather than once a day: agencies in different time zones reach a new day at different
// hours, and a scan that finds nothing new queues nothing.
const SCAN_CRON = '7 * * * *'
// pg-boss cron resolution is one minute; each drain job then keeps draining for most of that
// minute, so a new message waits seconds, not a minute.
const DRAIN_CRON = '* * * * *'
const DRAIN_JOB_MS = 50_000
const DRAIN_POLL_MS = 3_000

// Distinct from the migration lock (72707369), the audit chain lock and the demo seed lock.
const SETUP_LOCK_KEY = 4_271_338_201n

async function withAdvisoryLock(connectionString: string, task: () => Promise<void>) {
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1::bigint)', [SETUP_LOCK_KEY.toString()])
    try {
      await task()
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [SETUP_LOCK_KEY.toString()])
    }
  } finally {
    await client.end()
  }
}

export type ReminderWorker = {
  /** Drain now (e.g. right after queuing mail); resolves when this drain ends. */
  drainNow(): Promise<DrainResult>
  stop(): Promise<void>
}

export async function startReminderWorker({
  connectionString,
  delivery = {},
  log = (line: string) => console.log(line),
}: {
  connectionString: string
  delivery?: DeliveryOptions
  log?: (line: string) => void
}): Promise<ReminderWorker> {
  const boss = new PgBoss({ connectionString, schema: PG_BOSS_SCHEMA, application_name: 'portal-reminders', max: 4 })
  boss.on('error', (error) => console.error('Job queue error:', error))
  await boss.start()
  // Instances starting together would deadlock creating the same queues: one at a time.
  await withAdvisoryLock(connectionString, async () => {
    for (const name of [SCAN_QUEUE, DRAIN_QUEUE]) {
      await boss.createQueue(name, { name, policy: 'stately', retryLimit: 0, expireInSeconds: 15 * 60 })
    }
    await boss.schedule(SCAN_QUEUE, SCAN_CRON)
    await boss.schedule(DRAIN_QUEUE, DRAIN_CRON)
  })

  let stopping = false
  let wake: (() => void) | undefined
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms)
      wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })

  await boss.work(SCAN_QUEUE, async () => {
    const result = await runReminderScan({ now: new Date() })
    const total = result.certificateExpiry.length + result.trainingRefresher.length + result.draftReminder.length + result.agencyDigest.length
    if (total > 0) log(`Reminders: queued ${total} email${total === 1 ? '' : 's'}`)
  })
  await boss.work(DRAIN_QUEUE, { pollingIntervalSeconds: 2 }, async () => {
    const started = Date.now()
    while (!stopping) {
      const result = await drainOutbox(delivery)
      if (result.failed > 0) log(`Outbox: ${result.failed} message(s) failed; see the platform admin's outbox page`)
      if (Date.now() - started > DRAIN_JOB_MS) break
      await pause(DRAIN_POLL_MS)
    }
  })
  // Deliver what waited while the portal was down, without waiting for the next minute.
  await boss.send(DRAIN_QUEUE, {})

  return {
    drainNow: () => drainOutbox(delivery),
    async stop() {
      stopping = true
      wake?.()
      // Graceful: a drain in progress finishes its batch (and marks what it sent) first.
      await boss.stop({ graceful: true, wait: true, timeout: 20_000 })
    },
  }
}
