import path from 'node:path'
import { z } from 'zod'
import { ConfigError, getEnv } from '~/config/env.server'

// Settings of uploaded documents (product.md §3, §10). Read from process.env once, here and not in
// app/config/env.server.ts, so this capability owns its configuration; a malformed value stops the
// first request that needs it with a message naming the variable, like the portal's other settings.

/** Document.sizeBytes is a PostgreSQL integer: nothing larger can be recorded. */
const LARGEST_RECORDABLE_SIZE = 2_147_483_647
const MIB = 1024 * 1024

const flag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((value) => value === 'true')

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === '' ? undefined : value))

const DocumentEnvSchema = z
  .object({
    UPLOAD_MAX_BYTES: z.coerce.number().int().min(1).max(LARGEST_RECORDABLE_SIZE).default(20 * MIB),
    STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
    S3_BUCKET: optionalText,
    // S3-compatible services (MinIO, Ceph, R2…) accept any region name; AWS needs the bucket's.
    S3_REGION: optionalText.transform((value) => value ?? 'us-east-1'),
    S3_ENDPOINT: optionalText.refine((value) => value === undefined || /^https?:\/\//.test(value), {
      message: 'must start with http:// or https://',
    }),
    S3_ACCESS_KEY_ID: optionalText,
    S3_SECRET_ACCESS_KEY: optionalText,
    S3_FORCE_PATH_STYLE: flag,
  })
  .superRefine((env, ctx) => {
    if (env.STORAGE_DRIVER !== 's3') return
    if (!env.S3_BUCKET) ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'is required when STORAGE_DRIVER=s3' })
    // Both or neither: without them the AWS SDK's own chain (instance role, AWS_PROFILE…) is used.
    if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'],
        message: 'set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY together, or neither',
      })
    }
  })

export type LocalStorageSettings = { driver: 'local'; root: string }
export type S3StorageSettings = {
  driver: 's3'
  bucket: string
  region: string
  endpoint?: string
  credentials?: { accessKeyId: string; secretAccessKey: string }
  forcePathStyle: boolean
}
export type StorageSettings = LocalStorageSettings | S3StorageSettings

export type DocumentSettings = {
  /** Largest file accepted, in bytes (the multipart envelope around it is allowed for separately). */
  maxUploadBytes: number
  storage: StorageSettings
}

/** Parse the document settings from `source`; local files go under `<dataDir>/uploads`. */
export function parseDocumentSettings(source: Record<string, string | undefined>, dataDir: string): DocumentSettings {
  const result = DocumentEnvSchema.safeParse(source)
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`)
    throw new ConfigError(`Invalid document storage configuration:\n${lines.join('\n')}\nSee README.md, "Configuration".`)
  }
  const env = result.data
  if (env.STORAGE_DRIVER === 'local' || !env.S3_BUCKET) {
    return { maxUploadBytes: env.UPLOAD_MAX_BYTES, storage: { driver: 'local', root: path.join(dataDir, 'uploads') } }
  }
  return {
    maxUploadBytes: env.UPLOAD_MAX_BYTES,
    storage: {
      driver: 's3',
      bucket: env.S3_BUCKET,
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT,
      credentials:
        env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
          ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
          : undefined,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
    },
  }
}

// On globalThis, like getEnv(): the server entry and the Remix build each load a copy of this module.
type Holder = { settings?: DocumentSettings }
const holder: Holder = ((globalThis as { __portalDocumentSettings?: Holder }).__portalDocumentSettings ??= {})

/** The document settings of this process (parsed from process.env on first use). */
export function getDocumentSettings(): DocumentSettings {
  holder.settings ??= parseDocumentSettings(process.env, getEnv().dataDir)
  return holder.settings
}

/** Replace the settings (tests and benchmarks: a temporary directory, a small limit); undefined re-reads process.env. */
export function setDocumentSettings(settings: DocumentSettings | undefined) {
  holder.settings = settings
}
