import path from 'node:path'
import { z } from 'zod'

// Every setting the portal reads, parsed once at start-up. A missing or malformed value stops
// the process with a message that names the variable (README "Configuration").
const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .refine(
      (value) => value === undefined || protocols.some((p) => value.startsWith(`${p}://`)),
      { message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}` },
    )

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  // Public base URL used in links inside emails and certificates.
  APP_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  // Port of the embedded PostgreSQL; 0 picks a free one at each start.
  EMBEDDED_PG_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  // Comma-separated; the first signs new cookies, all are accepted (rotation).
  SESSION_SECRETS: z
    .string()
    .optional()
    .transform((value) => value?.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((list) => list === undefined || list.every((s) => s.length >= 32), {
      message: 'each secret must be at least 32 characters',
    }),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  SMTP_URL: optionalUrl(['smtp', 'smtps']),
  MAIL_FROM: z.string().min(3).default('Trafficking-Free Vendor Portal <no-reply@portal.localhost>'),
  // Dev mail catcher port when SMTP_URL is unset; 0 picks a free one.
  MAIL_CATCHER_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  SEED_DEMO_DATA: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  // Set when the portal runs behind a reverse proxy, so client IPs (rate limits) come from it.
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  LOG_REQUESTS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  // The certificate signing key in production: a PKCS#12 (.p12/.pfx) file and its passphrase.
  // Unset: a key generated once into DATA_DIR/signing (app/certificates/keys.server.ts).
  SIGNING_KEY_PKCS12_FILE: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === '' ? undefined : value)),
  // May be empty for a PKCS#12 file made without a passphrase, but must be set with the file.
  SIGNING_KEY_PASSPHRASE: z.string().optional(),
  // The reminder scan and outbox delivery jobs (pg-boss); tests that drive them directly set false.
  REMINDERS_WORKER: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
}).superRefine((env, context) => {
  if (env.SIGNING_KEY_PKCS12_FILE !== undefined && env.SIGNING_KEY_PASSPHRASE === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['SIGNING_KEY_PASSPHRASE'],
      message: 'not set; it is required with SIGNING_KEY_PKCS12_FILE (the passphrase of that file)',
    })
  }
})

export type Env = z.infer<typeof EnvSchema> & { dataDir: string }

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source)
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`,
    )
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nSee README.md, "Configuration".`)
  }
  return { ...result.data, dataDir: path.resolve(result.data.DATA_DIR) }
}

// On globalThis: the server entry and the Remix server build each load a copy of this module.
type Holder = { env?: Env }
const holder: Holder = ((globalThis as { __portalEnv?: Holder }).__portalEnv ??= {})

/** The parsed configuration of this process (parsed on first use). */
export function getEnv(): Env {
  holder.env ??= parseEnv(process.env)
  return holder.env
}

/** Replace the configuration (tests, and the server's start-up once it knows its ports). */
export function setEnv(env: Env) {
  holder.env = env
}
