import { redirect, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { VerifyFileForm } from '~/certificates/verify-file-form'
import { VerifyForm } from '~/certificates/verify-form'
import { normalizeCertificateNumber, verificationPath } from '~/certificates/number'
import { useT } from '~/i18n/use-t'
import { pageTitle } from '~/ui/meta'

// Public verification (product.md §6): enter a certificate number, no sign-in. The form is a
// plain GET form to /verify?number=…, which this loader redirects to /verify/<normalized>, so it
// works without JavaScript and changes nothing on the server. Below it, the certificate file check
// (a multipart form posting to /verify/pdf).

export async function loader({ request }: LoaderFunctionArgs) {
  const typed = new URL(request.url).searchParams.get('number')
  if (typed === null || typed.trim() === '') return { number: '', error: false }
  const normalized = normalizeCertificateNumber(typed)
  if (normalized) throw redirect(verificationPath(normalized))
  return { number: typed.slice(0, 100), error: true }
}

export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export default function VerifyRoute() {
  const { number, error } = useLoaderData<typeof loader>()
  const { t } = useT()
  return (
    <section className="usa-prose maxw-tablet-lg">
      <h1>{t('certVerify.title')}</h1>
      <p className="usa-intro">{t('certVerify.lead')}</p>
      <VerifyForm defaultValue={number} error={error} />
      <h2>{t('certVerify.file.heading')}</h2>
      <p>{t('certVerify.file.lead')}</p>
      <VerifyFileForm />
      <p className="margin-top-4">
        {t('registry.signingCertificates')}{' '}
        <Link className="usa-link" to="/signing-certificates">
          {t('signingCerts.title')}
        </Link>
      </p>
      <p>
        <Link className="usa-link" to="/registry">
          {t('registry.title')}
        </Link>
      </p>
    </section>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'certVerify.title')
