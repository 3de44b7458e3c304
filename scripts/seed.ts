// `npm run seed`: put the demo data set into an empty database (the one `npm start` would use)
// and print the demo logins. A database holding anything else is left untouched.
import { db } from '~/db/db.server'
import { formatDemoLogins, seedDemoData } from '~/demo/seed.server'
import { withPortalDatabase } from '../server/cli-database'

await withPortalDatabase(async () => {
  const seeded = await seedDemoData(db())
  if (seeded.created) console.log('Demo data: created')
  if (seeded.logins.length > 0) console.log(`Demo logins:\n${formatDemoLogins(seeded.logins)}`)
  else console.log('The database holds data that is not the demo set; nothing was seeded.')
})
