import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getSession } from '~/auth/session.server'
import { db } from '~/db/db.server'
import { useT } from '~/i18n/use-t'
import { HOTLINES } from '~/ui/layout'
import { pageTitle } from '~/ui/meta'

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getSession(request)
  if (!session) return { user: null, organization: null }
  const organizationId = session.activeOrganizationId
  const membership = await db().membership.findFirst({
    where: { userId: session.user.id, ...(organizationId ? { organizationId } : {}) },
    orderBy: { createdAt: 'asc' },
    select: { organization: { select: { id: true, legalName: true } } },
  })
  return { user: { name: session.user.name }, organization: membership?.organization ?? null }
}

export default function HomeRoute() {
  const { user, organization } = useLoaderData<typeof loader>()
  const { t } = useT()
  return (
    <>
      <section className="usa-prose maxw-tablet-lg">
        <h1>{t('home.title')}</h1>
        <p className="usa-intro">{t('home.lead')}</p>
        {user ? (
          <p>
            {t('home.signedInAs', { name: user.name })}{' '}
            {organization ? (
              <Link className="usa-link" to={`/orgs/${organization.id}`}>
                {t('home.goToOrganization', { organization: organization.legalName })}
              </Link>
            ) : null}
          </p>
        ) : (
          <p>
            <Link className="usa-button" to="/signup">
              {t('home.vendors.cta')}
            </Link>
            <Link className="usa-button usa-button--outline" to="/signin">
              {t('nav.signIn')}
            </Link>
          </p>
        )}
      </section>
      <div className="grid-row grid-gap margin-top-4">
        <section className="tablet:grid-col-6 desktop:grid-col-3 margin-bottom-3" aria-labelledby="home-vendors">
          <h2 id="home-vendors" className="font-heading-lg">{t('home.vendors.title')}</h2>
          <p>{t('home.vendors.body')}</p>
        </section>
        <section className="tablet:grid-col-6 desktop:grid-col-3 margin-bottom-3" aria-labelledby="home-agencies">
          <h2 id="home-agencies" className="font-heading-lg">{t('home.agencies.title')}</h2>
          <p>{t('home.agencies.body')}</p>
        </section>
        <section className="tablet:grid-col-6 desktop:grid-col-3 margin-bottom-3" aria-labelledby="home-workers">
          <h2 id="home-workers" className="font-heading-lg">{t('home.workers.title')}</h2>
          <p>{t('home.workers.body')}</p>
          <p>
            <a className="usa-link" href="tel:+18883737888">{HOTLINES.us.phone}</a>
          </p>
          <p>
            <Link className="usa-link" to="/workers">
              {t('footer.workersLink')}
            </Link>
          </p>
        </section>
        <section className="tablet:grid-col-6 desktop:grid-col-3 margin-bottom-3" aria-labelledby="home-public">
          <h2 id="home-public" className="font-heading-lg">{t('home.public.title')}</h2>
          <p>{t('home.public.body')}</p>
        </section>
      </div>
    </>
  )
}

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle(matches, 'nav.home')
