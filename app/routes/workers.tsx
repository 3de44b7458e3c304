import type { MetaFunction } from '@remix-run/node'
import { useT } from '~/i18n/use-t'
import { HOTLINES, interpolateNodes } from '~/ui/layout'
import { pageTitle } from '~/ui/meta'

// Public page for workers (no login): their rights and how to report, in plain language, usable
// on a phone (tap to call or text). Each right restates a prohibition of FAR 52.222-50(b) as the
// worker meets it; the hotlines are those FAR 52.222-50(h)(3)(ii) requires contractors to give.

const RIGHTS = [
  'workers.rights.documents', // (b)(4) destroying, concealing, confiscating identity documents
  'workers.rights.fees', // (b)(6) charging recruitment fees
  'workers.rights.lies', // (b)(5) misleading or fraudulent recruitment practices
  'workers.rights.force', // (b)(3) forced labor; 22 U.S.C. 7102
  'workers.rights.contract', // (b)(9) written employment contract in a language the employee understands
  'workers.rights.housing', // (b)(8) housing that fails host-country housing and safety standards
  'workers.rights.travel', // (b)(7) return transportation at the end of employment
  'workers.rights.sex', // (b)(2) procuring commercial sex acts
] as const

const SIGNS = ['workers.signs.debt', 'workers.signs.pay', 'workers.signs.move', 'workers.signs.fear'] as const

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'workers.title')

export default function WorkersRoute() {
  const { t } = useT()
  return (
    <div className="usa-prose maxw-tablet-lg">
      <h1>{t('workers.title')}</h1>
      <p className="usa-intro">{t('workers.lead')}</p>

      <section aria-labelledby="workers-help" className="usa-summary-box margin-y-4">
        <div className="usa-summary-box__body">
          <h2 id="workers-help" className="usa-summary-box__heading">
            {t('workers.report.title')}
          </h2>
          <p>{t('workers.report.lead')}</p>
          <h3>{t('workers.report.usTitle')}</h3>
          <p className="display-flex flex-wrap">
            <a className="usa-button margin-bottom-1" href="tel:+18883737888">
              {interpolateNodes(t('workers.report.usCall'), { phone: HOTLINES.us.phone })}
            </a>
            <a className="usa-button usa-button--outline margin-bottom-1" href={`sms:${HOTLINES.us.text}`}>
              {interpolateNodes(t('workers.report.usText'), { text: HOTLINES.us.text })}
            </a>
          </p>
          <h3>{t('workers.report.globalTitle')}</h3>
          <p className="display-flex flex-wrap">
            <a className="usa-button margin-bottom-1" href="tel:+18448883733">
              {interpolateNodes(t('workers.report.globalCall'), { phone: HOTLINES.global.phone })}
            </a>
            <a className="usa-button usa-button--outline margin-bottom-1" href={`mailto:${HOTLINES.global.email}`}>
              {interpolateNodes(t('workers.report.globalEmail'), { email: HOTLINES.global.email })}
            </a>
          </p>
          <p className="text-bold">{t('workers.report.emergency')}</p>
        </div>
      </section>

      <section aria-labelledby="workers-rights">
        <h2 id="workers-rights">{t('workers.rights.title')}</h2>
        <ul>
          {RIGHTS.map((key) => (
            <li key={key}>{t(key)}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="workers-signs">
        <h2 id="workers-signs">{t('workers.signs.title')}</h2>
        <ul>
          {SIGNS.map((key) => (
            <li key={key}>{t(key)}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="workers-after">
        <h2 id="workers-after">{t('workers.after.title')}</h2>
        <ul>
          <li>{t('workers.after.listen')}</li>
          <li>{t('workers.after.choose')}</li>
          {/* 41 U.S.C. 4712: contractor employees are protected from reprisal for disclosures. */}
          <li>{t('workers.after.retaliation')}</li>
        </ul>
      </section>

      <p>{t('workers.languages')}</p>
    </div>
  )
}
