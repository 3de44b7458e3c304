import { Form, Link, useLocation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useT } from '~/i18n/use-t'

export type HeaderData = {
  user: { name: string; email: string } | null
  memberships: { organization: { id: string; legalName: string; kind: 'vendor' | 'agency' | 'platform' } }[]
  activeOrganizationId: string | null
  showDevMail: boolean
}

function LanguageSwitch() {
  const { t, lang } = useT()
  const location = useLocation()
  return (
    <Form method="post" action="/set-language" className="portal-inline-form">
      <input type="hidden" name="lang" value={lang === 'en' ? 'es' : 'en'} />
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <button type="submit" className="usa-button usa-button--unstyled" lang={lang === 'en' ? 'es' : 'en'}>
        {t('nav.languageSwitch')}
      </button>
    </Form>
  )
}

function OrganizationSwitcher({ data }: { data: HeaderData }) {
  const { t } = useT()
  if (data.memberships.length < 2) return null
  return (
    <Form method="post" action="/switch-organization" className="portal-inline-form">
      <label className="usa-label margin-top-0" htmlFor="organization-switcher">
        {t('nav.switchOrganization')}
      </label>
      <select id="organization-switcher" name="organizationId" className="usa-select" defaultValue={data.activeOrganizationId ?? undefined}>
        {data.memberships.map(({ organization }) => (
          <option key={organization.id} value={organization.id}>
            {organization.legalName}
          </option>
        ))}
      </select>
      <button type="submit" className="usa-button usa-button--outline">
        {t('nav.switch')}
      </button>
    </Form>
  )
}

export function SiteHeader({ data }: { data: HeaderData }) {
  const { t } = useT()
  const active = data.memberships.find((m) => m.organization.id === data.activeOrganizationId) ?? data.memberships[0]
  return (
    <header className="portal-header">
      <div className="grid-container portal-header__bar">
        <Link to="/" className="portal-header__title">
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.primary')}>
          <ul className="portal-nav">
            {data.user ? (
              <>
                {active ? (
                  <>
                    <li>
                      <Link className="usa-link" to={`/orgs/${active.organization.id}`}>
                        {active.organization.legalName}
                      </Link>
                    </li>
                    {active.organization.kind === 'vendor' ? (
                      <li>
                        <Link className="usa-link" to={`/orgs/${active.organization.id}/attestations`}>
                          {t('nav.attestations')}
                        </Link>
                      </li>
                    ) : null}
                    {active.organization.kind === 'vendor' || active.organization.kind === 'agency' ? (
                      <li>
                        <Link className="usa-link" to={`/orgs/${active.organization.id}/certificates`}>
                          {t('nav.certificates')}
                        </Link>
                      </li>
                    ) : null}
                    <li>
                      <Link className="usa-link" to={`/orgs/${active.organization.id}/contracts`}>
                        {t('nav.contracts')}
                      </Link>
                    </li>
                    {active.organization.kind === 'vendor' ? (
                      <li>
                        <Link className="usa-link" to={`/orgs/${active.organization.id}/documents`}>
                          {t('nav.documents')}
                        </Link>
                      </li>
                    ) : null}
                    {active.organization.kind === 'vendor' ? (
                      <li>
                        <Link className="usa-link" to={`/orgs/${active.organization.id}/training`}>
                          {t('training.nav')}
                        </Link>
                      </li>
                    ) : null}
                    {active.organization.kind === 'agency' ? (
                      <li>
                        <Link className="usa-link" to={`/orgs/${active.organization.id}/reviews`}>
                          {t('nav.reviews')}
                        </Link>
                      </li>
                    ) : null}
                    {active.organization.kind === 'agency' ? (
                      <li>
                        <Link className="usa-link" to={`/orgs/${active.organization.id}/policy`}>
                          {t('nav.policy')}
                        </Link>
                      </li>
                    ) : null}
                    {active.organization.kind === 'platform' ? (
                      <li>
                        <Link className="usa-link" to={`/orgs/${active.organization.id}/outbox`}>
                          {t('outbox.title')}
                        </Link>
                      </li>
                    ) : null}
                    <li>
                      <Link className="usa-link" to={`/orgs/${active.organization.id}/members`}>
                        {t('nav.members')}
                      </Link>
                    </li>
                  </>
                ) : null}
                <li>
                  <Link className="usa-link" to="/account">
                    {t('nav.account')}
                  </Link>
                </li>
                <li>
                  <Form method="post" action="/signout">
                    <button type="submit" className="usa-button usa-button--unstyled">
                      {t('nav.signOut')}
                    </button>
                  </Form>
                </li>
              </>
            ) : (
              <>
                <li>
                  <Link className="usa-link" to="/signin">
                    {t('nav.signIn')}
                  </Link>
                </li>
                <li>
                  <Link className="usa-link" to="/signup">
                    {t('nav.signUp')}
                  </Link>
                </li>
              </>
            )}
            <li>
              <Link className="usa-link" to="/verify">
                {t('nav.verify')}
              </Link>
            </li>
            <li>
              <Link className="usa-link" to="/registry">
                {t('registry.nav')}
              </Link>
            </li>
            {data.showDevMail ? (
              <li>
                <Link className="usa-link" to="/dev/mail">
                  {t('nav.devMail')}
                </Link>
              </li>
            ) : null}
            <li>
              <LanguageSwitch />
            </li>
          </ul>
        </nav>
      </div>
      {data.user ? (
        <div className="grid-container padding-bottom-2">
          <OrganizationSwitcher data={data} />
        </div>
      ) : null}
    </header>
  )
}

// FAR 52.222-50(h)(3)(ii): the Global Human Trafficking Hotline is given to employees; the U.S.
// National Human Trafficking Hotline serves people working in the United States.
export const HOTLINES = {
  us: { phone: '1-888-373-7888', text: '233733' },
  global: { phone: '1-844-888-FREE', email: 'help@befree.org' },
} as const

export function SiteFooter() {
  const { t } = useT()
  return (
    <footer className="usa-footer usa-footer--slim">
      <div className="usa-footer__primary-section padding-y-3">
        <div className="grid-container">
          <h2 className="font-heading-md margin-top-0">{t('footer.hotlineTitle')}</h2>
          <p className="portal-hotline">
            {interpolateNodes(t('footer.usHotline'), {
              phone: <a href="tel:+18883737888">{HOTLINES.us.phone}</a>,
              text: <a href="sms:233733">{HOTLINES.us.text}</a>,
            })}
          </p>
          <p className="portal-hotline">
            {interpolateNodes(t('footer.globalHotline'), {
              phone: <a href="tel:+18448883733">{HOTLINES.global.phone}</a>,
              email: <a href={`mailto:${HOTLINES.global.email}`}>{HOTLINES.global.email}</a>,
            })}
          </p>
          <p>{t('footer.emergency')}</p>
          <p>
            <Link className="usa-link" to="/workers">
              {t('footer.workersLink')}
            </Link>
          </p>
        </div>
      </div>
      <div className="usa-footer__secondary-section">
        <div className="grid-container">
          <p className="margin-0">{t('footer.about')}</p>
        </div>
      </div>
    </footer>
  )
}

/** Replace {name} placeholders in translated text with elements (links) instead of strings. */
export function interpolateNodes(template: string, nodes: Record<string, ReactNode>): ReactNode[] {
  return template.split(/(\{\w+\})/g).map((part, index) => {
    const match = /^\{(\w+)\}$/.exec(part)
    const name = match?.[1]
    return name && name in nodes ? <span key={index}>{nodes[name]}</span> : part
  })
}
