import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { requireSession } from '~/auth/session.server'
import { db } from '~/db/db.server'
import { readForm } from '~/http/forms.server'
import { notFound, methodNotAllowed } from '~/http/responses.server'

export function loader() {
  methodNotAllowed()
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireSession(request)
  const organizationId = (await readForm(request)).get('organizationId')
  if (typeof organizationId !== 'string') throw new Response('Choose an organization', { status: 400 })
  // Only an organization the person belongs to can become the active one.
  const membership = await db().membership.findUnique({
    where: { userId_organizationId: { userId: session.user.id, organizationId } },
    select: { id: true },
  })
  if (!membership) notFound()
  await db().session.update({ where: { id: session.id }, data: { activeOrganizationId: organizationId } })
  return redirect(`/orgs/${organizationId}`)
}
