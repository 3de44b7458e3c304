import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { describe, expect, test } from 'vitest'
import manifest from '../../templates/goods/manifest.json'
import { countryCodeFor, countryOptions, goodKey, isCountryCode } from './names'

describe('country names as the lists spell them', () => {
  test('every row of both shipped files maps to an ISO code', () => {
    for (const edition of manifest.editions) {
      const text = fs.readFileSync(path.resolve('templates/goods', edition.file), 'utf8')
      const rows: Array<Record<string, string>> = parse(text, { columns: true, skip_empty_lines: true })
      expect(rows.length).toBe(edition.rowCount)
      const unmapped = rows.map((row) => row.country ?? '').filter((name) => countryCodeFor(name) === undefined)
      expect(unmapped, `${edition.file}: unmapped country names`).toEqual([])
    }
  })

  test('DOL spellings, typos and Intl names land on the right code', () => {
    expect(countryCodeFor('Burma')).toBe('MM')
    expect(countryCodeFor('Congo, Democratic Republic of the')).toBe('CD')
    expect(countryCodeFor('Democratic Republic of the Congo')).toBe('CD')
    expect(countryCodeFor("Côte d'Ivoire")).toBe('CI')
    expect(countryCodeFor("Cote D'Ivoire")).toBe('CI')
    expect(countryCodeFor('Turkey (Türkiye)')).toBe('TR')
    expect(countryCodeFor('Korea, North')).toBe('KP')
    expect(countryCodeFor('Boliva')).toBe('BO')
    expect(countryCodeFor('Tajikstan')).toBe('TJ')
    expect(countryCodeFor('  afghanistan ')).toBe('AF')
    expect(countryCodeFor('Atlantis')).toBeUndefined()
  })

  test('codes and localized options', () => {
    expect(isCountryCode('AF')).toBe(true)
    expect(isCountryCode('ZZ')).toBe(false)
    expect(isCountryCode('EU')).toBe(false)
    const es = countryOptions('es')
    expect(es.find((option) => option.code === 'DE')?.name).toBe('Alemania')
    expect(es.length).toBeGreaterThan(240)
  })
})

test('good names compare without case, spacing or slash spacing', () => {
  expect(goodKey('Brazil Nuts / Chestnuts')).toBe(goodKey('Brazil Nuts/Chestnuts'))
  expect(goodKey('  BRICKS ')).toBe('bricks')
  expect(goodKey('Cottonseed (Hybrid)')).toBe(goodKey('Cottonseed (hybrid)'))
})
