import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { safeRedirect } from '~/http/responses.server'
import { readForm } from '~/http/forms.server'
import { isLang } from '~/i18n/i18n'
import { languageCookie } from '~/i18n/i18n.server'

export async function loader() {
  // Changing the language is a state change: POST only.
  throw new Response('Method not allowed', { status: 405, headers: { Allow: 'POST' } })
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request)
  const lang = form.get('lang')
  if (!isLang(lang)) throw new Response('Unknown language', { status: 400 })
  return redirect(safeRedirect(form.get('redirectTo')), {
    headers: { 'Set-Cookie': await languageCookie.serialize(lang) },
  })
}
