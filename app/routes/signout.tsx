import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { destroySession } from '~/auth/session.server'
import { methodNotAllowed } from '~/http/responses.server'

export function loader() {
  methodNotAllowed()
}

export async function action({ request }: ActionFunctionArgs) {
  return redirect('/', { headers: { 'Set-Cookie': await destroySession(request) } })
}
