import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { safeRedirect, methodNotAllowed } from '~/http/responses.server'
import { readForm } from '~/http/forms.server'
import { isLang } from '~/i18n/i18n'
import { languageCookie } from '~/i18n/i18n.server'

export function loader() {
  methodNotAllowed()
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request)
  const lang = form.get('lang')
  if (!isLang(lang)) throw new Response('Unknown language', { status: 400 })
  return redirect(safeRedirect(form.get('redirectTo')), {
    headers: { 'Set-Cookie': await languageCookie.serialize(lang) },
  })
}
