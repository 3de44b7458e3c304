import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ConfigError } from '~/config/env.server'
import { parseDocumentSettings } from './settings.server'
import {
  InvalidStorageKeyError,
  LocalDiskStorage,
  S3Storage,
  StorageObjectNotFoundError,
  createStorage,
  newStorageKey,
} from './storage.server'

let root: string
let storage: LocalDiskStorage

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-storage-'))
  storage = new LocalDiskStorage(root)
})

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true })
})

async function text(stream: Readable): Promise<string> {
  let result = ''
  for await (const chunk of stream) result += String(chunk)
  return result
}

describe('LocalDiskStorage', () => {
  test('put, get, exists and delete an object under a random key', async () => {
    const key = newStorageKey()
    expect(await storage.exists(key)).toBe(false)
    await storage.put(key, Readable.from([Buffer.from('compliance '), Buffer.from('plan')]))
    expect(await storage.exists(key)).toBe(true)
    expect(await text(await storage.get(key))).toBe('compliance plan')
    expect(storage.pathFor(key)).toBe(path.join(root, key.slice(0, 2), key))
    await storage.delete(key)
    expect(await storage.exists(key)).toBe(false)
    await expect(storage.get(key)).rejects.toBeInstanceOf(StorageObjectNotFoundError)
    // Deleting what is not there is not an error.
    await storage.delete(key)
  })

  test('a stream that fails half-way leaves neither the object nor a temporary file', async () => {
    const key = newStorageKey()
    async function* failing() {
      yield Buffer.alloc(100_000, 1)
      throw new Error('the client went away')
    }
    await expect(storage.put(key, Readable.from(failing()))).rejects.toThrow('the client went away')
    expect(await storage.exists(key)).toBe(false)
    expect(await fs.readdir(path.join(root, '.incoming'))).toEqual([])
  })

  test.each(['../../etc/passwd', 'plan.pdf', '', '/tmp/x', 'C:\\x', newStorageKey().toUpperCase(), `${newStorageKey()}/../x`])(
    'refuses the key %j (no path ever comes from outside)',
    async (key) => {
      expect(() => storage.pathFor(key)).toThrow(InvalidStorageKeyError)
      await expect(storage.put(key, Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(InvalidStorageKeyError)
      await expect(storage.get(key)).rejects.toBeInstanceOf(InvalidStorageKeyError)
      await expect(storage.delete(key)).rejects.toBeInstanceOf(InvalidStorageKeyError)
    },
  )

  test('old temporary files left by a crash are swept, fresh ones are kept', async () => {
    const incoming = path.join(root, '.incoming')
    await fs.mkdir(incoming, { recursive: true })
    const stale = path.join(incoming, 'stale.part')
    const fresh = path.join(incoming, 'fresh.part')
    await fs.writeFile(stale, 'half a file')
    await fs.writeFile(fresh, 'an upload in progress')
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000)
    await fs.utimes(stale, twoDaysAgo, twoDaysAgo)
    expect(await storage.sweepStaleTemporaryFiles()).toBe(1)
    expect(await fs.readdir(incoming)).toEqual(['fresh.part'])
    await fs.rm(fresh)
  })
})

describe('document settings', () => {
  test('defaults: 20 MiB, local files under DATA_DIR/uploads', () => {
    expect(parseDocumentSettings({}, '/srv/portal')).toEqual({
      maxUploadBytes: 20 * 1024 * 1024,
      storage: { driver: 'local', root: path.join('/srv/portal', 'uploads') },
    })
  })

  test('UPLOAD_MAX_BYTES must be a positive integer that fits the database column', () => {
    expect(parseDocumentSettings({ UPLOAD_MAX_BYTES: '1048576' }, '/d').maxUploadBytes).toBe(1_048_576)
    for (const value of ['0', '-1', '1.5', 'lots', '3000000000']) {
      expect(() => parseDocumentSettings({ UPLOAD_MAX_BYTES: value }, '/d')).toThrow(/UPLOAD_MAX_BYTES/)
    }
  })

  test('S3 needs a bucket, and both keys or neither', () => {
    expect(() => parseDocumentSettings({ STORAGE_DRIVER: 's3' }, '/d')).toThrow(ConfigError)
    expect(() => parseDocumentSettings({ STORAGE_DRIVER: 's3' }, '/d')).toThrow(/S3_BUCKET/)
    expect(() => parseDocumentSettings({ STORAGE_DRIVER: 's3', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'id' }, '/d')).toThrow(/S3_SECRET_ACCESS_KEY/)
    expect(() => parseDocumentSettings({ STORAGE_DRIVER: 'ftp' }, '/d')).toThrow(/STORAGE_DRIVER/)
    expect(() => parseDocumentSettings({ STORAGE_DRIVER: 's3', S3_BUCKET: 'b', S3_ENDPOINT: 'minio:9000' }, '/d')).toThrow(/S3_ENDPOINT/)
  })

  test('an S3-compatible service: endpoint, path-style addressing, static keys', async () => {
    const settings = parseDocumentSettings(
      {
        STORAGE_DRIVER: 's3',
        S3_BUCKET: 'portal-documents',
        S3_ENDPOINT: 'http://127.0.0.1:9000',
        S3_FORCE_PATH_STYLE: 'true',
        S3_ACCESS_KEY_ID: 'portal',
        S3_SECRET_ACCESS_KEY: 'portal-secret',
      },
      '/d',
    )
    expect(settings.storage).toEqual({
      driver: 's3',
      bucket: 'portal-documents',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
      credentials: { accessKeyId: 'portal', secretAccessKey: 'portal-secret' },
    })
    const s3 = createStorage(settings.storage)
    expect(s3).toBeInstanceOf(S3Storage)
    if (!(s3 instanceof S3Storage)) return
    expect(s3.bucket).toBe('portal-documents')
    expect(await s3.client.config.forcePathStyle).toBe(true)
    expect(await s3.client.config.region()).toBe('us-east-1')
    // Keys are checked before any network call.
    await expect(s3.get('../secrets')).rejects.toBeInstanceOf(InvalidStorageKeyError)
    s3.client.destroy()
  })
})
