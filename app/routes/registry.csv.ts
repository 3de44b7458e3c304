import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node'
import { getLanguage } from '~/i18n/i18n.server'
import { translate } from '~/i18n/i18n'
import { registryCsvFileName, registryCsvStream } from '~/registry/export.server'
import { listRegistryAgencies, parseRegistrySearch } from '~/registry/registry.server'

// The public registry as a CSV file (product.md §6): the same filters as /registry, every
// matching row (no pages), streamed. No sign-in. Filters that cannot match get a 400 in plain
// words; the page parameter is ignored.

export async function loader({ request }: LoaderFunctionArgs) {
  const lang = await getLanguage(request)
  const agencies = await listRegistryAgencies()
  const { filters, problems } = parseRegistrySearch(new URL(request.url).searchParams, agencies)
  const problem = Object.values(problems)[0]
  if (problem) {
    return new Response(`${translate(lang, 'registry.csvFileError', { problem: translate(lang, problem) })}\n`, {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    })
  }
  const now = new Date()
  return new Response(createReadableStreamFromReadable(registryCsvStream(filters, { lang, now })), {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': `attachment; filename="${registryCsvFileName(now)}"`,
      'X-Content-Type-Options': 'nosniff',
      // A revoked certificate leaves the export on the very next request, like the page.
      'Cache-Control': 'no-store',
    },
  })
}
