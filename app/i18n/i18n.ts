import { en, type MessageKey } from './messages.en'
import { es } from './messages.es'

// Bilingual UI (product.md §10): every string a person reads comes from these catalogues.
// Keys are checked by TypeScript, so a missing Spanish text is a compile error, not a blank.

export const LANGUAGES = ['en', 'es'] as const
export type Lang = (typeof LANGUAGES)[number]
export type { MessageKey }

const catalogues: Record<Lang, Record<MessageKey, string>> = { en, es }

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === 'string' && Object.hasOwn(en, value)
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string

/** Look up `key` in `lang`, filling `{name}` placeholders from `vars`. */
export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const template = catalogues[lang][key]
  if (!vars) return template
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = vars[name]
    return value === undefined ? match : String(value)
  })
}

/**
 * Translate a validation message. Schemas carry message keys (they are shared with the
 * browser); anything that is not a key (a library default) is shown as a generic error.
 */
export function translateError(lang: Lang, message: string | undefined): string | undefined {
  if (!message) return undefined
  return isMessageKey(message) ? translate(lang, message) : translate(lang, 'errors.invalid')
}
