import { data, type ActionFunctionArgs, type HeadersFunction, type MetaFunction } from '@remix-run/node'
import { Link, useActionData } from '@remix-run/react'
import { CertificateDetails, CertificateStatusAlert } from '~/certificates/certificate-status'
import { VerifyFileForm, type VerifyFileError } from '~/certificates/verify-file-form'
import { MAX_VERIFY_PDF_MB, type PdfCheckStatus, type PdfVerdict } from '~/certificates/verify-pdf-checks'
import { verifyCertificatePdf } from '~/certificates/verify-pdf.server'
import {
  hitVerifyPdfRateLimit,
  receivePdfForVerification,
  type PdfUploadFailure,
} from '~/certificates/verify-upload.server'
import { clientIp } from '~/http/responses.server'
import type { Lang } from '~/i18n/i18n'
import { useT } from '~/i18n/use-t'
import { pageTitle } from '~/ui/meta'
import { verificationPath } from '~/certificates/number'

// Checking a certificate file (product.md §6 "upload a PDF to check it"), no sign-in. GET shows
// the form; the form (also on /verify) posts the file here as multipart and the answer lists
// every check in plain words, the verdict, and the certificate's current status when the file
// names one. The file is read into memory, checked and forgotten: nothing is stored except the
// per-address counter of the rate limit. Answers are never cached.

const NO_STORE = { 'Cache-Control': 'no-store' }

const UPLOAD_ERRORS: Record<PdfUploadFailure['reason'], VerifyFileError> = {
  not_multipart: { key: 'certVerify.file.error.unreadable' },
  unreadable: { key: 'certVerify.file.error.unreadable' },
  no_file: { key: 'certVerify.file.error.noFile' },
  too_large: { key: 'certVerify.file.error.tooLarge', vars: { limit: MAX_VERIFY_PDF_MB } },
}

/** Files that are not certificate files at all are bad input (4xx); any PDF gets its answer with 200. */
const VERDICT_STATUS: Partial<Record<PdfVerdict, number>> = { empty: 400, not_pdf: 415, too_large: 413 }

export async function loader() {
  return data(null, { headers: NO_STORE })
}

export async function action({ request }: ActionFunctionArgs) {
  const limit = await hitVerifyPdfRateLimit(clientIp(request))
  if (!limit.allowed) {
    const error: VerifyFileError = {
      key: 'certVerify.file.error.rateLimited',
      vars: { minutes: Math.max(1, Math.ceil(limit.retryAfterSeconds / 60)) },
    }
    return data(
      { error, result: null },
      { status: 429, headers: { ...NO_STORE, 'Retry-After': String(limit.retryAfterSeconds) } },
    )
  }
  const received = await receivePdfForVerification(request)
  if (!received.ok)
    return data({ error: UPLOAD_ERRORS[received.reason], result: null }, { status: received.status, headers: NO_STORE })

  const verification = await verifyCertificatePdf(received.bytes)
  const result = { ...verification, fileName: received.fileName }
  return data({ error: null, result }, { status: VERDICT_STATUS[verification.verdict] ?? 200, headers: NO_STORE })
}

export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has('Retry-After') ? actionHeaders : loaderHeaders

const VERDICT_ALERT: Record<PdfVerdict, 'success' | 'warning' | 'error'> = {
  authentic: 'success',
  not_current_copy: 'warning',
  empty: 'error',
  too_large: 'error',
  not_pdf: 'error',
  truncated: 'error',
  no_signature: 'error',
  appended: 'error',
  malformed_signature: 'error',
  digest_mismatch: 'error',
  bad_signature: 'error',
  foreign_signer: 'error',
  not_registered: 'error',
}

const CHECK_STATUS_CLASS: Record<PdfCheckStatus, string> = {
  passed: 'text-bold text-green',
  failed: 'text-bold text-secondary-darker',
  not_reached: 'text-base-dark',
}

export default function VerifyPdfRoute() {
  const answer = useActionData<typeof action>()
  const { t, lang } = useT()
  const result = answer?.result ?? null
  return (
    <section className="usa-prose maxw-tablet-lg">
      <h1>{t('certVerify.file.heading')}</h1>
      {result ? (
        <>
          <div className={`usa-alert usa-alert--${VERDICT_ALERT[result.verdict]}`} role="status">
            <div className="usa-alert__body">
              <h2 className="usa-alert__heading font-heading-xl">
                {t(`certVerify.verdict.${result.verdict}.heading`)}
              </h2>
              <p className="usa-alert__text">{t(`certVerify.verdict.${result.verdict}.body`)}</p>
            </div>
          </div>
          <p>
            {t('certVerify.file.fileChecked', { name: result.fileName, size: formatFileSize(result.sizeBytes, lang) })}
          </p>
          <h2>{t('certVerify.file.checksHeading')}</h2>
          <table className="usa-table usa-table--borderless width-full">
            <thead>
              <tr>
                <th scope="col">{t('certVerify.file.checkColumn')}</th>
                <th scope="col">{t('certVerify.file.resultColumn')}</th>
              </tr>
            </thead>
            <tbody>
              {result.checks.map((check) => (
                <tr key={check.id}>
                  <th scope="row" className="text-normal">
                    {t(`certVerify.check.${check.id}`)}
                  </th>
                  <td className={CHECK_STATUS_CLASS[check.status]}>{t(`certVerify.check.${check.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {result.certificate ? (
            <>
              <h2>{t('certVerify.file.statusHeading', { number: result.certificate.number })}</h2>
              <CertificateStatusAlert certificate={result.certificate} headingLevel="h3" />
              <CertificateDetails certificate={result.certificate} />
              <p>
                <Link className="usa-link" to={verificationPath(result.certificate.number)}>
                  {t('certVerify.file.statusLink', { number: result.certificate.number })}
                </Link>
              </p>
            </>
          ) : null}
          <h2>{t('certVerify.file.checkAnother')}</h2>
        </>
      ) : (
        <p className="usa-intro">{t('certVerify.file.lead')}</p>
      )}
      <VerifyFileForm error={answer?.error ?? null} />
    </section>
  )
}

/** "24.6 kB", "17 byte" in the reader's language. */
function formatFileSize(bytes: number, lang: Lang): string {
  const unit = bytes < 1000 ? 'byte' : 'kilobyte'
  return new Intl.NumberFormat(lang === 'es' ? 'es-US' : 'en-US', {
    style: 'unit',
    unit,
    unitDisplay: 'long',
    maximumFractionDigits: 1,
  }).format(bytes < 1000 ? bytes : bytes / 1000)
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'certVerify.file.heading')

export function ErrorBoundary() {
  // Anything unexpected was logged by the server entry; the page stays calm and offers the form again.
  const { t } = useT()
  return (
    <section className="usa-prose maxw-tablet-lg">
      <h1>{t('errors.title')}</h1>
      <p>{t('errors.body')}</p>
      <h2>{t('certVerify.file.checkAnother')}</h2>
      <VerifyFileForm />
    </section>
  )
}
