import { expect, test } from 'vitest'
import { domainCatalogues } from './domains'
import { shellEn } from './messages.en'
import { es } from './messages.es'

// The catalogues are merged with object spreads, where a repeated key silently wins. A key two
// capabilities both define would show one capability's text on the other's page.
test('no message key is defined twice across the shell and the capabilities', () => {
  const owners = new Map<string, string[]>()
  const note = (key: string, owner: string) => owners.set(key, [...(owners.get(key) ?? []), owner])
  for (const key of Object.keys(shellEn)) note(key, 'shell')
  for (const [name, catalogue] of Object.entries(domainCatalogues)) for (const key of Object.keys(catalogue.en)) note(key, name)
  const duplicates = [...owners].filter(([, list]) => list.length > 1).map(([key, list]) => `${key}: ${list.join(', ')}`)
  expect(duplicates).toEqual([])
})

test('every Spanish text exists and is not left empty', () => {
  const empty = Object.entries(es).filter(([, text]) => text.trim() === '').map(([key]) => key)
  expect(empty).toEqual([])
})
