import pg from 'pg'

// An in-memory cache of public certificate status answers, kept right by PostgreSQL
// LISTEN/NOTIFY (docs/decisions/010-signing-keys-and-verification-path.md). Triggers on
// "Certificate", "Organization" and "Contract" notify the channel below at commit with the
// certificate number, or '*' for a change that may touch many certificates (migration
// 20261126000900_certificate_status_notify). Every portal instance listens, so a revocation
// (product.md §6: "effective immediately everywhere"; FAR 52.222-50(d)) reaches all of them as
// soon as PostgreSQL delivers the notification.
//
// The cache serves only while its LISTEN is confirmed on a live connection: on any error, lost
// connection or failed heartbeat it empties itself and stops caching until LISTEN succeeds again,
// so a notification missed while disconnected can never leave a stale status in memory.
// Unknown numbers are not cached: a newly issued number is found at once, and random numbers
// cannot push real certificates out.

export const CERTIFICATE_STATUS_CHANNEL = 'certificate_status'
/** Enough for every certificate an installation issues in years; an entry is about 2 KB. */
export const CERTIFICATE_STATUS_CACHE_MAX_ENTRIES = 20_000

type CacheOptions = {
  connectionString: string
  maxEntries?: number
  /** How often the listening connection is proven alive (a dead TCP peer raises no error). */
  heartbeatMs?: number
  /** Wait before connecting again after the connection was lost. */
  reconnectMs?: number
  log?: (line: string) => void
}

/** A lookup's licence to store what it read: refused if its number changed since it was taken. */
export type CacheTicket = { seq: number }

// Numbers changed while lookups are in flight are remembered until none is; past this many the
// cache refuses every in-flight store instead.
const MAX_REMEMBERED_CHANGES = 10_000

export class CertificateStatusCache<Entry> {
  private readonly entries = new Map<string, Entry>()
  private readonly maxEntries: number
  private readonly options: Required<Omit<CacheOptions, 'maxEntries'>>
  // Bumped by every notification and flush. A lookup that started (took its ticket) before a change
  // to its number, or before a flush, must not store what it read: it may predate the change.
  private seq = 0
  private flushedAt = 0
  private readonly changedAt = new Map<string, number>()
  private inFlight = 0
  private listening = false
  private stopped = false
  private client: pg.Client | undefined
  private pid: number | null = null
  private heartbeat: NodeJS.Timeout | undefined
  private reconnect: NodeJS.Timeout | undefined
  private readonly changeWaiters = new Set<{ number: string | null; resolve: () => void }>()
  private readonly listeningWaiters = new Set<() => void>()

  constructor({ maxEntries = CERTIFICATE_STATUS_CACHE_MAX_ENTRIES, ...options }: CacheOptions) {
    this.maxEntries = maxEntries
    this.options = { heartbeatMs: 5_000, reconnectMs: 500, log: (line) => console.warn(line), ...options }
  }

  /** Connect and LISTEN; resolves once the cache serves (or rejects if the first attempt fails). */
  async start(): Promise<void> {
    this.stopped = false
    const listening = this.whenListening()
    await this.connect(true)
    await listening
    this.heartbeat = setInterval(() => this.checkAlive(), this.options.heartbeatMs)
    this.heartbeat.unref()
  }

  async stop(): Promise<void> {
    this.stopped = true
    clearInterval(this.heartbeat)
    clearTimeout(this.reconnect)
    const client = this.client
    this.disable()
    this.client = undefined
    await client?.end().catch(() => {})
  }

  /** The cached entry for a canonical number, or undefined (always while not listening). */
  get(number: string): Entry | undefined {
    if (!this.listening) return undefined
    const entry = this.entries.get(number)
    if (entry !== undefined) {
      // Least recently used goes first: move a hit to the end of the insertion order.
      this.entries.delete(number)
      this.entries.set(number, entry)
    }
    return entry
  }

  /** Take before reading the database; pass to `put` (or `release`) once the read is over. */
  ticket(): CacheTicket | null {
    if (!this.listening) return null
    this.inFlight++
    return { seq: this.seq }
  }

  /** Store what a lookup read, unless its number changed (or the cache was flushed) meanwhile. */
  put(number: string, entry: Entry | null, ticket: CacheTicket | null): void {
    if (ticket === null) return
    this.release()
    if (entry === null || !this.listening || this.flushedAt > ticket.seq || (this.changedAt.get(number) ?? 0) > ticket.seq) return
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next()
      if (!oldest.done) this.entries.delete(oldest.value)
    }
    this.entries.set(number, entry)
  }

  private release() {
    this.inFlight = Math.max(0, this.inFlight - 1)
    if (this.inFlight === 0) this.changedAt.clear()
  }

  get isListening(): boolean {
    return this.listening
  }

  get size(): number {
    return this.entries.size
  }

  /** The PostgreSQL backend process of the listening connection (for operators and tests). */
  get listenerPid(): number | null {
    return this.pid
  }

  /** Resolves once LISTEN is confirmed (at once if it is). */
  whenListening(): Promise<void> {
    if (this.listening) return Promise.resolve()
    return new Promise((resolve) => this.listeningWaiters.add(resolve))
  }

  /**
   * Resolves once a notification about this number (or about every certificate) has been applied,
   * or the cache was flushed. Take it before making the change.
   */
  nextChange(number: string | null = null): Promise<void> {
    return new Promise((resolve) => this.changeWaiters.add({ number, resolve }))
  }

  private apply(payload: string) {
    if (payload === '*' || this.changedAt.size >= MAX_REMEMBERED_CHANGES) return this.flush()
    this.seq++
    this.entries.delete(payload)
    if (this.inFlight > 0) this.changedAt.set(payload, this.seq)
    this.settleChange(payload)
  }

  private flush() {
    this.seq++
    this.flushedAt = this.seq
    this.changedAt.clear()
    this.entries.clear()
    this.settleChange('*')
  }

  private settleChange(payload: string) {
    for (const waiter of this.changeWaiters) {
      if (payload === '*' || waiter.number === null || waiter.number === payload) {
        this.changeWaiters.delete(waiter)
        waiter.resolve()
      }
    }
  }

  private disable() {
    this.listening = false
    this.pid = null
    this.flush()
  }

  private async connect(first = false): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      application_name: 'portal certificate status listener',
      keepAlive: true,
    })
    this.client = client
    client.on('error', (error) => this.lost(client, error))
    client.on('end', () => this.lost(client, null))
    client.on('notification', (message) => {
      if (client === this.client && message.channel === CERTIFICATE_STATUS_CHANNEL) this.apply(message.payload ?? '*')
    })
    try {
      await client.connect()
      await client.query(`LISTEN ${CERTIFICATE_STATUS_CHANNEL}`)
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
      if (client !== this.client || this.stopped) return
      // Whatever changed before LISTEN took effect went unheard: start empty.
      this.flush()
      this.pid = rows[0]?.pid ?? null
      this.listening = true
      for (const resolve of this.listeningWaiters) resolve()
      this.listeningWaiters.clear()
    } catch (error) {
      if (first) {
        this.client = undefined
        await client.end().catch(() => {})
        throw error
      }
      this.lost(client, error)
    }
  }

  private checkAlive() {
    const client = this.client
    if (!client || !this.listening) return
    let answered = false
    const timer = setTimeout(() => {
      if (!answered) this.lost(client, new Error('no answer to the heartbeat'))
    }, this.options.heartbeatMs)
    timer.unref()
    client.query('SELECT 1').then(
      () => {
        answered = true
        clearTimeout(timer)
      },
      (error: unknown) => {
        answered = true
        clearTimeout(timer)
        this.lost(client, error)
      },
    )
  }

  private lost(client: pg.Client, error: unknown) {
    if (client !== this.client) return
    this.client = undefined
    this.disable()
    client.end().catch(() => {})
    if (this.stopped) return
    this.options.log(
      `Certificate status cache: the listening connection was lost${error instanceof Error ? ` (${error.message})` : ''}; ` +
        'answering from the database until it is back.',
    )
    clearTimeout(this.reconnect)
    this.reconnect = setTimeout(() => {
      if (!this.stopped && !this.client) void this.connect()
    }, this.options.reconnectMs)
    this.reconnect.unref()
  }
}
