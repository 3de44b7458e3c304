import type { MetaFunction } from '@remix-run/node'
import { useT } from '~/i18n/use-t'
import { pageTitle } from '~/ui/meta'

export async function loader() {
  throw new Response('Not found', { status: 404 })
}

export default function NotFoundRoute() {
  const { t } = useT()
  return <h1>{t('errors.notFound.title')}</h1>
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'errors.notFound.title')
