import { data, redirect, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { isRouteErrorResponse, Link, useLoaderData, useRouteError } from '@remix-run/react'
import { normalizeCertificateNumber } from '~/certificates/number'
import { findCertificateStatus, type CertificateStatusView } from '~/certificates/status.server'
import { VerifyForm } from '~/certificates/verify-form'
import { useT } from '~/i18n/use-t'
import { formatDate } from '~/ui/format'
import { pageTitle } from '~/ui/meta'

// The public status of one certificate (product.md §6), in plain words. Never cached, so a
// revocation shows on the very next request. An unknown or malformed number gets the same 404
// page, which says nothing more than that no certificate has this number.

const NO_STORE = { 'Cache-Control': 'no-store' }

function noSuchCertificate(): never {
  throw new Response('Not found', { status: 404, statusText: 'Not Found', headers: NO_STORE })
}

export async function loader({ params }: LoaderFunctionArgs) {
  const typed = params.number ?? ''
  const normalized = normalizeCertificateNumber(typed)
  if (normalized === null) noSuchCertificate()
  if (normalized !== typed) throw redirect(`/verify/${encodeURIComponent(normalized)}`, { headers: NO_STORE })
  const certificate = await findCertificateStatus(normalized)
  if (!certificate) noSuchCertificate()
  return data({ certificate }, { headers: NO_STORE })
}

export const headers: HeadersFunction = () => NO_STORE

function StatusAlert({ certificate }: { certificate: CertificateStatusView }) {
  const { t, lang } = useT()
  switch (certificate.state) {
    case 'valid':
      return (
        <div className="usa-alert usa-alert--success" role="status">
          <div className="usa-alert__body">
            <h2 className="usa-alert__heading font-heading-xl">{t('certVerify.state.valid.heading')}</h2>
            <p className="usa-alert__text">{t('certVerify.state.valid.body', { date: formatDate(certificate.validUntil, lang) })}</p>
          </div>
        </div>
      )
    case 'expired':
      return (
        <div className="usa-alert usa-alert--warning" role="status">
          <div className="usa-alert__body">
            <h2 className="usa-alert__heading font-heading-xl">{t('certVerify.state.expired.heading')}</h2>
            <p className="usa-alert__text">{t('certVerify.state.expired.body', { date: formatDate(certificate.validUntil, lang) })}</p>
          </div>
        </div>
      )
    case 'revoked':
      return (
        <div className="usa-alert usa-alert--error" role="status">
          <div className="usa-alert__body">
            <h2 className="usa-alert__heading font-heading-xl">{t('certVerify.state.revoked.heading')}</h2>
            <p className="usa-alert__text">
              {t('certVerify.state.revoked.body', { date: certificate.revokedAt ? formatDate(certificate.revokedAt, lang) : '—' })}
            </p>
            {certificate.revocationReason ? (
              <p className="usa-alert__text">{t('certVerify.state.revoked.reason', { reason: certificate.revocationReason })}</p>
            ) : null}
          </div>
        </div>
      )
    case 'superseded':
      return (
        <div className="usa-alert usa-alert--info" role="status">
          <div className="usa-alert__body">
            <h2 className="usa-alert__heading font-heading-xl">{t('certVerify.state.superseded.heading')}</h2>
            <p className="usa-alert__text">{t('certVerify.state.superseded.body')}</p>
            {certificate.supersededBy ? (
              <p className="usa-alert__text">
                <Link className="usa-link" to={`/verify/${encodeURIComponent(certificate.supersededBy)}`}>
                  {t('certVerify.state.superseded.link', { number: certificate.supersededBy })}
                </Link>
              </p>
            ) : null}
          </div>
        </div>
      )
  }
}

export default function VerifyNumberRoute() {
  const { certificate } = useLoaderData<typeof loader>()
  const { t, lang } = useT()
  return (
    <section className="usa-prose maxw-tablet-lg">
      <h1>{t('certVerify.resultTitle', { number: certificate.number })}</h1>
      <StatusAlert certificate={certificate} />
      <h2>{t('certVerify.details')}</h2>
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
          {certificate.scope.contractNumbers.length === 0 ? t('certVerify.none') : certificate.scope.contractNumbers.join(', ')}
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
      <h2>{t('certVerify.checkAnother')}</h2>
      <VerifyForm />
    </section>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  const { t } = useT()
  const notFound = isRouteErrorResponse(error) && error.status === 404
  return (
    <section className="usa-prose maxw-tablet-lg">
      <h1>{notFound ? t('certVerify.notFound.title') : t('errors.title')}</h1>
      <p>{notFound ? t('certVerify.notFound.body') : t('errors.body')}</p>
      <h2>{t('certVerify.checkAnother')}</h2>
      <VerifyForm />
    </section>
  )
}

export const meta: MetaFunction<typeof loader> = ({ matches, data: loaderData }) =>
  loaderData ? pageTitle(matches, 'certVerify.resultTitle', { number: loaderData.certificate.number }) : pageTitle(matches, 'certVerify.notFound.title')
