// `npm run reminders -- [--now 2027-01-15] [--send]`: run the reminder scan as of a date (today
// by default) against the portal's database and print what it queued. With --send, deliver the
// queued mail now (SMTP_URL, or the running portal's catcher when MAIL_CATCHER_PORT is fixed);
// otherwise the running portal's worker delivers it within a minute.
import { parseArgs } from 'node:util'
import { drainOutbox } from '~/reminders/outbox.server'
import { runReminderScan, type ScanResult } from '~/reminders/scan.server'
import { withPortalDatabase } from '../server/cli-database'

function usage(message: string): never {
  console.error(`${message}\nUsage: npm run reminders -- [--now YYYY-MM-DD | --now 2027-01-15T08:00:00Z] [--send]`)
  process.exit(2)
}

let values: { now?: string; send?: boolean }
try {
  ;({ values } = parseArgs({ options: { now: { type: 'string' }, send: { type: 'boolean' } }, strict: true }))
} catch (error) {
  usage(error instanceof Error ? error.message : String(error))
}

// A bare date means noon UTC of that day: the same calendar day in every US time zone.
const now = values.now === undefined ? new Date() : new Date(/^\d{4}-\d{2}-\d{2}$/.test(values.now) ? `${values.now}T12:00:00Z` : values.now)
if (Number.isNaN(now.getTime())) usage(`--now: "${values.now}" is not a date`)

function print(result: ScanResult) {
  const groups = [
    ['Certificate expiry', result.certificateExpiry],
    ['Training refreshers', result.trainingRefresher],
    ['Idle drafts', result.draftReminder],
    ['Agency weekly digests', result.agencyDigest],
  ] as const
  console.log(`Reminder scan as of ${result.asOf.toISOString()}`)
  let total = 0
  for (const [label, rows] of groups) {
    console.log(`${label}: ${rows.length}`)
    for (const row of rows) console.log(`  ${row.recipient}  ${row.dedupeKey}`)
    total += rows.length
  }
  console.log(`Queued ${total} email${total === 1 ? '' : 's'}.`)
}

await withPortalDatabase(async () => {
  print(await runReminderScan({ now }))
  if (values.send) {
    const result = await drainOutbox()
    console.log(`Delivered ${result.sent}, retrying later ${result.retrying}, failed ${result.failed}.`)
  }
})
