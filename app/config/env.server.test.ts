import { describe, expect, test } from 'vitest'
import { ConfigError, parseEnv } from './env.server'

describe('configuration', () => {
  test('defaults give a working local portal', () => {
    const env = parseEnv({})
    expect(env.PORT).toBe(3000)
    expect(env.DATABASE_URL).toBeUndefined()
    expect(env.SMTP_URL).toBeUndefined()
    expect(env.SEED_DEMO_DATA).toBe(true)
    expect(env.dataDir).toMatch(/data$/)
  })

  test('every malformed variable is named in one message', () => {
    const attempt = () =>
      parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SMTP_URL: 'http://mail', SESSION_SECRETS: 'short', SEED_DEMO_DATA: 'yes' })
    expect(attempt).toThrow(ConfigError)
    try {
      attempt()
    } catch (error) {
      const message = error instanceof Error ? error.message : ''
      for (const name of ['PORT', 'DATABASE_URL', 'SMTP_URL', 'SESSION_SECRETS', 'SEED_DEMO_DATA']) {
        expect(message).toContain(`${name}:`)
      }
    }
  })

  test('session secrets rotate: a comma-separated list, first one signs', () => {
    const env = parseEnv({ SESSION_SECRETS: `${'a'.repeat(32)}, ${'b'.repeat(40)}` })
    expect(env.SESSION_SECRETS).toEqual(['a'.repeat(32), 'b'.repeat(40)])
  })

  test('an empty DATABASE_URL means "use the embedded database"', () => {
    expect(parseEnv({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined()
    expect(parseEnv({ DATABASE_URL: 'postgresql://u@h:5432/db' }).DATABASE_URL).toBe('postgresql://u@h:5432/db')
  })
})
