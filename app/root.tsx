import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import uswdsStyles from '@uswds/uswds/css/uswds.min.css?url'
import type { ReactNode } from 'react'
import { listMemberships } from '~/auth/permissions.server'
import { getSession } from '~/auth/session.server'
import { getRunningMailCatcher } from '~/email/mail-catcher.server'
import { getLanguage } from '~/i18n/i18n.server'
import { useT } from '~/i18n/use-t'
import appStyles from '~/styles/app.css?url'
import { SiteFooter, SiteHeader, type HeaderData } from '~/ui/layout'
import { useNonce } from '~/ui/nonce'

export async function loader({ request }: LoaderFunctionArgs) {
  const [lang, session] = await Promise.all([getLanguage(request), getSession(request)])
  const memberships = session ? await listMemberships(session.user.id) : []
  return {
    lang,
    user: session ? { name: session.user.name, email: session.user.email, verified: Boolean(session.user.emailVerifiedAt) } : null,
    memberships,
    activeOrganizationId: activeOrganization(request, session?.activeOrganizationId ?? null, memberships),
    showDevMail: getRunningMailCatcher() !== undefined,
  }
}

/**
 * The organization the header acts for: the one whose page this is (when the person belongs to
 * it), else the one chosen with the switcher, else the first. Derived per request, so looking at
 * a page changes nothing stored (no state change on GET).
 */
function activeOrganization(request: Request, chosen: string | null, memberships: { organization: { id: string } }[]) {
  const inPath = /^\/orgs\/([^/]+)/.exec(new URL(request.url).pathname)?.[1]
  const isMember = (id: string | null | undefined) => Boolean(id) && memberships.some((m) => m.organization.id === id)
  if (isMember(inPath)) return inPath ?? null
  if (isMember(chosen)) return chosen
  return memberships[0]?.organization.id ?? null
}

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: uswdsStyles },
  { rel: 'stylesheet', href: appStyles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: 'Trafficking-Free Vendor Portal' }]

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce()
  const data = useRouteLoaderData<typeof loader>('root')
  const { t, lang } = useT()
  const header: HeaderData = {
    user: data?.user ?? null,
    memberships: data?.memberships ?? [],
    activeOrganizationId: data?.activeOrganizationId ?? null,
    showDevMail: data?.showDevMail ?? false,
  }
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="usa-skipnav" href="#main-content">
          {t('nav.skip')}
        </a>
        <SiteHeader data={header} />
        <main id="main-content" tabIndex={-1} className="grid-container padding-y-4">
          {children}
        </main>
        <SiteFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  const error = useRouteError()
  const { t } = useT()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const [title, body] =
    status === 404
      ? [t('errors.notFound.title'), t('errors.notFound.body')]
      : status === 403
        ? [t('errors.forbidden.title'), t('errors.forbidden.body')]
        : [t('errors.title'), t('errors.body')]
  return (
    <div className="usa-prose">
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <a className="usa-link" href="/">
          {t('nav.home')}
        </a>
      </p>
    </div>
  )
}
