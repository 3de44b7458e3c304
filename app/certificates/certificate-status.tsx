import { Link } from '@remix-run/react'
import { useT } from '~/i18n/use-t'
import { formatDate } from '~/ui/format'
import type { CertificateStatusView } from './status.server'
import { verificationPath } from './number'

// A certificate's public status in plain words (product.md §6: valid, expired, revoked with date
// and reason, superseded with a link to the current one), shown by /verify/:number and by the
// answer to an uploaded file (/verify/pdf).

/** The status as an alert whose heading says it in one line. */
export function CertificateStatusAlert({
  certificate,
  headingLevel: Heading = 'h2',
}: {
  certificate: CertificateStatusView
  headingLevel?: 'h2' | 'h3'
}) {
  const { t, lang } = useT()
  switch (certificate.state) {
    case 'valid':
      return (
        <div className="usa-alert usa-alert--success" role="status">
          <div className="usa-alert__body">
            <Heading className="usa-alert__heading font-heading-xl">{t('certVerify.state.valid.heading')}</Heading>
            <p className="usa-alert__text">
              {t('certVerify.state.valid.body', { date: formatDate(certificate.validUntil, lang) })}
            </p>
          </div>
        </div>
      )
    case 'expired':
      return (
        <div className="usa-alert usa-alert--warning" role="status">
          <div className="usa-alert__body">
            <Heading className="usa-alert__heading font-heading-xl">{t('certVerify.state.expired.heading')}</Heading>
            <p className="usa-alert__text">
              {t('certVerify.state.expired.body', { date: formatDate(certificate.validUntil, lang) })}
            </p>
          </div>
        </div>
      )
    case 'revoked':
      return (
        <div className="usa-alert usa-alert--error" role="status">
          <div className="usa-alert__body">
            <Heading className="usa-alert__heading font-heading-xl">{t('certVerify.state.revoked.heading')}</Heading>
            <p className="usa-alert__text">
              {t('certVerify.state.revoked.body', {
                date: certificate.revokedAt ? formatDate(certificate.revokedAt, lang) : '—',
              })}
            </p>
            {certificate.revocationReason ? (
              <p className="usa-alert__text">
                {t('certVerify.state.revoked.reason', { reason: certificate.revocationReason })}
              </p>
            ) : null}
          </div>
        </div>
      )
    case 'superseded':
      return (
        <div className="usa-alert usa-alert--info" role="status">
          <div className="usa-alert__body">
            <Heading className="usa-alert__heading font-heading-xl">{t('certVerify.state.superseded.heading')}</Heading>
            <p className="usa-alert__text">{t('certVerify.state.superseded.body')}</p>
            {certificate.supersededBy ? (
              <p className="usa-alert__text">
                <Link className="usa-link" to={verificationPath(certificate.supersededBy)}>
                  {t('certVerify.state.superseded.link', { number: certificate.supersededBy })}
                </Link>
              </p>
            ) : null}
          </div>
        </div>
      )
  }
}

/** Vendor, agency, contracts and dates. */
export function CertificateDetails({ certificate }: { certificate: CertificateStatusView }) {
  const { t, lang } = useT()
  return (
    <dl>
      <dt className="text-bold">{t('certVerify.vendor')}</dt>
      <dd className="margin-left-0 margin-bottom-1">{certificate.vendor.legalName}</dd>
      {certificate.vendor.uei ? (
        <>
          <dt className="text-bold">{t('certVerify.uei')}</dt>
          <dd className="margin-left-0 margin-bottom-1 text-tabular">{certificate.vendor.uei}</dd>
        </>
      ) : null}
      {certificate.agency ? (
        <>
          <dt className="text-bold">{t('certVerify.agency')}</dt>
          <dd className="margin-left-0 margin-bottom-1">{certificate.agency.legalName}</dd>
        </>
      ) : null}
      <dt className="text-bold">{t('certVerify.contracts')}</dt>
      <dd className="margin-left-0 margin-bottom-1">
        {certificate.scope.contractNumbers.length === 0
          ? t('certVerify.none')
          : certificate.scope.contractNumbers.join(', ')}
      </dd>
      <dt className="text-bold">{t('certVerify.issuedAt')}</dt>
      <dd className="margin-left-0 margin-bottom-1">{formatDate(certificate.issuedAt, lang)}</dd>
      <dt className="text-bold">{t('certVerify.validFrom')}</dt>
      <dd className="margin-left-0 margin-bottom-1">{formatDate(certificate.validFrom, lang)}</dd>
      <dt className="text-bold">{t('certVerify.validUntil')}</dt>
      <dd className="margin-left-0 margin-bottom-1">{formatDate(certificate.validUntil, lang)}</dd>
      {certificate.revokedAt ? (
        <>
          <dt className="text-bold">{t('certVerify.revokedAt')}</dt>
          <dd className="margin-left-0 margin-bottom-1">{formatDate(certificate.revokedAt, lang)}</dd>
        </>
      ) : null}
    </dl>
  )
}
