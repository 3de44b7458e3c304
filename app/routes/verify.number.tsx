import { data, redirect, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { isRouteErrorResponse, useLoaderData, useRouteError } from '@remix-run/react'
import { CertificateDetails, CertificateStatusAlert } from '~/certificates/certificate-status'
import { normalizeCertificateNumber, verificationPath } from '~/certificates/number'
import { findCertificateStatus } from '~/certificates/status.server'
import { VerifyForm } from '~/certificates/verify-form'
import { useT } from '~/i18n/use-t'
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
  if (normalized !== typed) throw redirect(verificationPath(normalized), { headers: NO_STORE })
  const certificate = await findCertificateStatus(normalized)
  if (!certificate) noSuchCertificate()
  return data({ certificate }, { headers: NO_STORE })
}

export const headers: HeadersFunction = () => NO_STORE

export default function VerifyNumberRoute() {
  const { certificate } = useLoaderData<typeof loader>()
  const { t } = useT()
  return (
    <section className="usa-prose maxw-tablet-lg">
      <h1>{t('certVerify.resultTitle', { number: certificate.number })}</h1>
      <CertificateStatusAlert certificate={certificate} />
      <h2>{t('certVerify.details')}</h2>
      <CertificateDetails certificate={certificate} />
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
