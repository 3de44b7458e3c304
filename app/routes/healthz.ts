import { db } from '~/db/db.server'

/** Readiness: the process answers and the database responds. */
export async function loader() {
  await db().$queryRaw`SELECT 1`
  return new Response('ok', { headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' } })
}
