import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node'
import { requireMembership } from '~/auth/permissions.server'
import { recordFiltersFrom } from '~/training/filters'
import { exportTrainingRecords } from '~/training/workers.server'

// Every training record of the organization as CSV (product.md §7 "export back to CSV"), in the
// import's columns so the file can be corrected and imported again. Filters as on the page.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'manage:training')
  const filters = recordFiltersFrom(new URL(request.url).searchParams)
  const csv = exportTrainingRecords(access.organization.id, filters)
  return new Response(createReadableStreamFromReadable(csv), {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="training-records.csv"',
      'Cache-Control': 'private, no-store',
    },
  })
}
