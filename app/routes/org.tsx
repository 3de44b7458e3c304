import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { roleHasPermission } from '~/auth/permissions'
import { requireMembership } from '~/auth/permissions.server'
import { db } from '~/db/db.server'
import { listBouncedContacts } from '~/reminders/admin.server'
import { useT } from '~/i18n/use-t'
import { pageTitle } from '~/ui/meta'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'read:organization')
  const [organization, memberCount, bouncedContacts] = await Promise.all([
    db().organization.findUniqueOrThrow({
      where: { id: access.organization.id },
      select: { id: true, kind: true, legalName: true, dbaName: true, uei: true, city: true, state: true, industries: true },
    }),
    db().membership.count({ where: { organizationId: access.organization.id } }),
    listBouncedContacts(access.organization.id),
  ])
  return { organization, memberCount, role: access.membership.role, bouncedContacts }
}

export default function OrganizationRoute() {
  const { organization, memberCount, role, bouncedContacts } = useLoaderData<typeof loader>()
  const { t } = useT()
  return (
    <>
      <p className="text-base margin-bottom-0">{t(`org.kind.${organization.kind}`)}</p>
      <h1 className="margin-top-05">{organization.legalName}</h1>
      {bouncedContacts.length > 0 ? (
        <div className="usa-alert usa-alert--warning margin-bottom-3" role="region" aria-labelledby="bounced-heading">
          <div className="usa-alert__body">
            <h2 className="usa-alert__heading" id="bounced-heading">
              {t('reminders.bounced.title')}
            </h2>
            <p className="usa-alert__text">{t('reminders.bounced.body')}</p>
            <ul>
              {bouncedContacts.map((contact) => (
                <li key={contact.id}>{t('reminders.bounced.line', { name: contact.name, email: contact.email })}</li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
      <dl className="grid-row grid-gap">
        {organization.uei ? (
          <div className="tablet:grid-col-4">
            <dt className="text-bold">{t('org.uei')}</dt>
            <dd className="margin-left-0 font-mono-sm">{organization.uei}</dd>
          </div>
        ) : null}
        <div className="tablet:grid-col-4">
          <dt className="text-bold">{t('org.yourRole')}</dt>
          <dd className="margin-left-0">{t(`role.${role}`)}</dd>
        </div>
        <div className="tablet:grid-col-4">
          <dt className="text-bold">{t('org.members')}</dt>
          <dd className="margin-left-0">
            <Link className="usa-link" to={`/orgs/${organization.id}/members`}>{memberCount}</Link>
          </dd>
        </div>
      </dl>
      <section aria-labelledby="next-heading" className="margin-top-4">
        <h2 id="next-heading">{t('org.nextSteps')}</h2>
        <p>{t(`org.nextSteps.${organization.kind}`)}</p>
      </section>
      {organization.kind === 'vendor' && roleHasPermission(role, 'manage:training') ? (
        <section aria-labelledby="training-heading" className="margin-top-4">
          <h2 id="training-heading">{t('training.nav')}</h2>
          <ul className="usa-list">
            <li>
              <Link className="usa-link" to={`/orgs/${organization.id}/training`}>
                {t('training.coverage.heading')} · {t('training.records.heading')}
              </Link>
            </li>
            <li>
              <Link className="usa-link" to={`/orgs/${organization.id}/workers`}>
                {t('training.workersNav')}
              </Link>
            </li>
            <li>
              <Link className="usa-link" to={`/orgs/${organization.id}/training/import`}>
                {t('training.records.import')}
              </Link>
            </li>
          </ul>
        </section>
      ) : null}
    </>
  )
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'org.title', { organization: data?.organization.legalName ?? '' })
