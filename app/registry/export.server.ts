import { Readable, pipeline } from 'node:stream'
import { stringify } from 'csv-stringify'
import { appUrl } from '~/auth/auth.server'
import { translate, type Lang } from '~/i18n/i18n'
import { industryByCode } from '~/risk/industries'
import { isoDayInLosAngeles, neutralizeCsvCell } from './csv'
import { registryRowsInBatches, type RegistryFilters } from './registry.server'

// The registry as CSV (product.md §6 "Public registry … CSV download"): UTF-8 with a byte order
// mark (so spreadsheet programs read accents right), a header row in the person's language, rows
// streamed from batched queries. Every text cell is guarded against formula injection.

export function registryCsvFileName(now: Date): string {
  return `certified-vendors-${isoDayInLosAngeles(now)}.csv`
}

export function registryCsvStream(filters: RegistryFilters, { lang, now = new Date() }: { lang: Lang; now?: Date }): Readable {
  const header = [
    translate(lang, 'registry.col.vendor'),
    translate(lang, 'registry.col.uei'),
    translate(lang, 'registry.col.industries'),
    translate(lang, 'registry.col.agency'),
    translate(lang, 'registry.col.number'),
    translate(lang, 'registry.col.validUntil'),
    translate(lang, 'registry.col.verifyUrl'),
  ]
  async function* records() {
    for await (const row of registryRowsInBatches(filters, { now })) {
      yield [
        row.vendorName,
        row.uei ?? '',
        row.industries.map((code) => industryByCode(code)?.label[lang] ?? code).join('; '),
        row.agencyName ?? '',
        row.number,
        isoDayInLosAngeles(row.validUntil),
        appUrl(`/verify/${row.number}`),
      ].map(neutralizeCsvCell)
    }
  }
  const csv = stringify({ bom: true, header: true, columns: header, record_delimiter: 'windows' })
  // A database failure half way ends the download with an error instead of a silently short file.
  return pipeline(Readable.from(records()), csv, (error) => {
    // A person who cancels the download closes the stream early: nothing to report then.
    if (error && (error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') console.error('Registry CSV export failed:', error)
  })
}
