import type { MetaDescriptor } from '@remix-run/node'
import { isLang, translate, type MessageKey } from '~/i18n/i18n'

type Match = { id: string; data: unknown }

/** A translated page title "Page · Portal" for a route's meta export. */
export function pageTitle(matches: Match[], key: MessageKey, vars?: Record<string, string | number>): MetaDescriptor[] {
  const rootData = matches.find((match) => match.id === 'root')?.data
  const candidate = rootData && typeof rootData === 'object' && 'lang' in rootData ? rootData.lang : undefined
  const lang = isLang(candidate) ? candidate : 'en'
  return [{ title: `${translate(lang, key, vars)} · ${translate(lang, 'app.name')}` }]
}
