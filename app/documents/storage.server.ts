import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  S3Client,
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { getDocumentSettings, type S3StorageSettings, type StorageSettings } from './settings.server'

// Where uploaded files live (product.md §10: "stored outside the web root under random keys, served
// only after an authorization check"). A key is a random UUID chosen by the portal, never anything
// derived from the uploader's file name; the name is only metadata in the database.

export interface DocumentStorage {
  /** Store `body` under `key`. Either the whole object is stored or, on any failure, nothing. */
  put(key: string, body: Readable): Promise<void>
  /** A stream of the object; rejects with StorageObjectNotFoundError when there is none. */
  get(key: string): Promise<Readable>
  /** Remove the object; removing one that does not exist is not an error. */
  delete(key: string): Promise<void>
  exists(key: string): Promise<boolean>
}

export class StorageObjectNotFoundError extends Error {
  override name = 'StorageObjectNotFoundError'
  constructor(key: string) {
    super(`No stored object under key ${key}`)
  }
}

export class InvalidStorageKeyError extends Error {
  override name = 'InvalidStorageKeyError'
  constructor() {
    super('Storage keys are random UUIDs made by newStorageKey(); this one is not.')
  }
}

// crypto.randomUUID(): version 4, lower-case hex. Anything else (dots, slashes, "..", a drive
// letter) is refused before it gets near a file path or an object key.
const STORAGE_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

export function newStorageKey(): string {
  return randomUUID()
}

export function isStorageKey(key: string): boolean {
  return STORAGE_KEY.test(key)
}

function assertStorageKey(key: string) {
  if (!isStorageKey(key)) throw new InvalidStorageKeyError()
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error
}

// ───────────────────────────── Local disk ─────────────────────────────

/** Temporary files older than this are left over from a crash and may be swept. */
const STALE_TEMPORARY_MS = 24 * 60 * 60 * 1000

/**
 * Files under `root` (DATA_DIR/uploads by default, outside anything Express serves), fanned out
 * by the first two characters of the key so no directory grows huge. A write goes to
 * `root/.incoming/` first and is renamed into place only when complete and flushed to disk: rename
 * is atomic on one file system, so a crash or a failed upload never leaves half a file under a key.
 */
export class LocalDiskStorage implements DocumentStorage {
  readonly root: string
  private readonly incoming: string

  constructor(root: string) {
    this.root = path.resolve(root)
    this.incoming = path.join(this.root, '.incoming')
  }

  /** Absolute path of the object `key` (exposed for tests and operators, never for HTTP). */
  pathFor(key: string): string {
    assertStorageKey(key)
    return path.join(this.root, key.slice(0, 2), key)
  }

  async put(key: string, body: Readable): Promise<void> {
    const target = this.pathFor(key)
    await fs.mkdir(this.incoming, { recursive: true, mode: 0o700 })
    const temporary = path.join(this.incoming, `${key}.${randomUUID()}.part`)
    try {
      // 'wx': never write through an existing file (or a symlink planted in its place).
      await pipeline(body, createWriteStream(temporary, { flags: 'wx', mode: 0o600 }))
      // Flush before the rename, or a power cut right after it could leave an empty file in place.
      const handle = await fs.open(temporary, 'r')
      try {
        await handle.sync()
      } finally {
        await handle.close()
      }
      // Only now: a refused upload leaves not even an empty directory behind.
      await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 })
      await fs.rename(temporary, target)
    } catch (error) {
      await fs.rm(temporary, { force: true })
      throw error
    }
  }

  async get(key: string): Promise<Readable> {
    // Open first, so a missing file is a rejected promise here rather than a stream error later.
    try {
      const handle = await fs.open(this.pathFor(key), 'r')
      return handle.createReadStream()
    } catch (error) {
      if (isErrnoException(error) && error.code === 'ENOENT') throw new StorageObjectNotFoundError(key)
      throw error
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathFor(key), { force: true })
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await fs.stat(this.pathFor(key))).isFile()
    } catch (error) {
      if (isErrnoException(error) && error.code === 'ENOENT') return false
      throw error
    }
  }

  /** Remove temporary files a crashed process left behind (no live upload is that old). */
  async sweepStaleTemporaryFiles(now = Date.now()): Promise<number> {
    let names: string[]
    try {
      names = await fs.readdir(this.incoming)
    } catch (error) {
      if (isErrnoException(error) && error.code === 'ENOENT') return 0
      throw error
    }
    let removed = 0
    for (const name of names) {
      const file = path.join(this.incoming, name)
      const stat = await fs.stat(file).catch(() => null)
      if (stat && now - stat.mtimeMs > STALE_TEMPORARY_MS) {
        await fs.rm(file, { force: true })
        removed++
      }
    }
    return removed
  }
}

// ───────────────────────────── S3 and S3-compatible ─────────────────────────────

/**
 * Objects in an S3 bucket (AWS, or MinIO/Ceph/R2 through `endpoint` + `forcePathStyle`). A put is a
 * multipart upload that S3 only makes visible when complete; on failure lib-storage aborts it, so
 * no partial object remains. Objects are written private (no ACL is set: the bucket's default).
 */
export class S3Storage implements DocumentStorage {
  readonly client: S3Client
  readonly bucket: string

  constructor(settings: Omit<S3StorageSettings, 'driver'>) {
    this.bucket = settings.bucket
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.credentials,
    })
  }

  async put(key: string, body: Readable): Promise<void> {
    assertStorageKey(key)
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: 'application/octet-stream' },
      // 4 parts of 5 MiB in flight at most: bounded memory whatever the file size.
      queueSize: 4,
      partSize: 5 * 1024 * 1024,
      leavePartsOnError: false,
    })
    await upload.done()
  }

  async get(key: string): Promise<Readable> {
    assertStorageKey(key)
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }))
      if (object.Body instanceof Readable) return object.Body
      throw new Error(`S3 returned no readable body for ${key}`)
    } catch (error) {
      if (error instanceof NoSuchKey) throw new StorageObjectNotFoundError(key)
      throw error
    }
  }

  async delete(key: string): Promise<void> {
    assertStorageKey(key)
    // S3 answers 204 for a key that does not exist, which is what we want.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }))
  }

  async exists(key: string): Promise<boolean> {
    assertStorageKey(key)
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }))
      return true
    } catch (error) {
      if (error instanceof NotFound || error instanceof NoSuchKey) return false
      throw error
    }
  }
}

// ───────────────────────────── The process's storage ─────────────────────────────

export function createStorage(settings: StorageSettings): DocumentStorage {
  if (settings.driver === 's3') return new S3Storage(settings)
  const local = new LocalDiskStorage(settings.root)
  // Best effort: a failed sweep must not stop uploads, and the next start tries again.
  void local.sweepStaleTemporaryFiles().catch(() => undefined)
  return local
}

// On globalThis, like db(): the server entry and the Remix build each load a copy of this module.
// Rebuilt when the settings object changes (setDocumentSettings in tests).
type Holder = { storage?: DocumentStorage; builtFrom?: StorageSettings }
const holder: Holder = ((globalThis as { __portalDocumentStorage?: Holder }).__portalDocumentStorage ??= {})

/** The document storage of this process, from getDocumentSettings(). */
export function getStorage(): DocumentStorage {
  const settings = getDocumentSettings().storage
  if (!holder.storage || holder.builtFrom !== settings) {
    holder.storage = createStorage(settings)
    holder.builtFrom = settings
  }
  return holder.storage
}
