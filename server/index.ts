// The portal's process: configuration, database (embedded PostgreSQL unless DATABASE_URL is set),
// migrations, demo data, mail, and the HTTP server. `npm start` runs this after building the app.
import { startPortal } from './portal'

startPortal().catch((error: unknown) => {
  // Start-up failures are expected to be configuration or environment problems: say what is
  // wrong in one paragraph, without a stack trace the person would have to decode.
  const message = error instanceof Error ? error.message : String(error)
  console.error(`\nThe portal could not start.\n${message}\n`)
  process.exit(1)
})
