// A drain in its own process, for the crash test (tests/db/outbox-crash.test.ts): it sends two
// messages, says so on stdout, and then hangs before marking the second one, until it is killed.
import { parseEnv, setEnv } from '~/config/env.server'
import { connectDatabase } from '~/db/db.server'
import { createMailer } from '~/email/email.server'
import { drainOutbox } from '~/reminders/outbox.server'

const env = parseEnv(process.env)
setEnv(env)
if (!env.DATABASE_URL || !env.SMTP_URL) throw new Error('drain-child needs DATABASE_URL and SMTP_URL')
connectDatabase(env.DATABASE_URL)
let sends = 0
await drainOutbox({
  mailer: createMailer({ smtpUrl: env.SMTP_URL, from: 'Portal <no-reply@portal.test>' }),
  concurrency: 1,
  leaseMs: 60_000,
  afterSend: () => {
    if (++sends < 2) return
    process.stdout.write('sent-twice\n')
    return new Promise<void>(() => {})
  },
})
