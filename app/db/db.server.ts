import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '~/generated/prisma/client'

export type { Prisma } from '~/generated/prisma/client'
export type Database = PrismaClient

// Kept on globalThis: the server entry and the Remix server build each load their own copy of
// this module, and Vite reloads it in development; all of them must share one connection pool.
type Holder = { client?: PrismaClient; url?: string }
const holder: Holder = ((globalThis as { __portalDatabase?: Holder }).__portalDatabase ??= {})

/** Create a Prisma client on the pg driver adapter (no native engine needed). */
export function createPrismaClient(connectionString: string) {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10 }) })
}

/**
 * Point the process-wide client at `connectionString`. Called once by the server entry (and by
 * test setup) after the database is known; every module then shares one pool via `db()`.
 */
export function connectDatabase(connectionString: string) {
  if (holder.client && holder.url === connectionString) return holder.client
  holder.client = createPrismaClient(connectionString)
  holder.url = connectionString
  return holder.client
}

export async function disconnectDatabase() {
  const current = holder.client
  holder.client = undefined
  holder.url = undefined
  await current?.$disconnect()
}

/** The process-wide Prisma client. */
export function db(): PrismaClient {
  if (!holder.client) throw new Error('The database is not connected yet (connectDatabase was not called).')
  return holder.client
}
