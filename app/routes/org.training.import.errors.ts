import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node'
import { requireMembership } from '~/auth/permissions.server'
import { notFound } from '~/http/responses.server'
import { getLanguage } from '~/i18n/i18n.server'
import { trainingImportErrorReport } from '~/training/import.server'

// The error report of a training CSV import: every row problem with its line number, in the
// reader's language, streamed from the stored file. Resource route: no UI.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'manage:training')
  if (!params.importId) notFound()
  const report = await trainingImportErrorReport({ organizationId: access.organization.id, importId: params.importId, lang: await getLanguage(request) })
  if (!report) notFound()
  return new Response(createReadableStreamFromReadable(report), {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="training-import-errors.csv"',
      'Cache-Control': 'private, no-store',
    },
  })
}
