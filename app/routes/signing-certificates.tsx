import { data, type HeadersFunction, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listPublishedSigningCertificates } from '~/certificates/published-keys.server'
import { useT } from '~/i18n/use-t'
import { formatDate } from '~/ui/format'
import { pageTitle } from '~/ui/meta'

// The portal's signing certificates, for people (product.md §6): subject, fingerprint, validity
// and whether each key still signs, with links to the PEM files. The page itself is not cached
// (the header shows who is signed in); the PEM files are.

const NO_STORE = { 'Cache-Control': 'no-store' }

export async function loader() {
  const certificates = (await listPublishedSigningCertificates()).map(({ certificatePem: _pem, ...rest }) => rest)
  return data({ certificates }, { headers: NO_STORE })
}

export const headers: HeadersFunction = () => NO_STORE

export default function SigningCertificatesRoute() {
  const { certificates } = useLoaderData<typeof loader>()
  const { t, lang } = useT()
  return (
    <section className="usa-prose maxw-tablet-lg">
      <h1>{t('signingCerts.title')}</h1>
      <p className="usa-intro">{t('signingCerts.lead')}</p>
      <p>{t('signingCerts.offline')}</p>
      {certificates.length === 0 ? (
        <p>{t('signingCerts.none')}</p>
      ) : (
        <>
          <p>
            <a className="usa-link" href="/signing-certificates.pem">
              {t('signingCerts.downloadAll')}
            </a>
          </p>
          {certificates.map((certificate, index) => (
            <article key={certificate.fingerprintSha256} aria-labelledby={`signing-key-${index}`} className="margin-top-4">
              <h2 id={`signing-key-${index}`}>{t('signingCerts.keyHeading', { index: index + 1 })}</h2>
              <dl>
                <dt className="text-bold">{t('signingCerts.subject')}</dt>
                <dd className="margin-left-0 margin-bottom-1">{certificate.subject}</dd>
                <dt className="text-bold">{t('signingCerts.fingerprint')}</dt>
                {/* Two lines of 16 bytes: the whole fingerprint fits a phone screen. */}
                <dd className="margin-left-0 margin-bottom-1 font-mono-xs">
                  {certificate.fingerprintDisplay.slice(0, 47)}
                  <br />
                  {certificate.fingerprintDisplay.slice(48)}
                </dd>
                <dt className="text-bold">{t('signingCerts.validFrom')}</dt>
                <dd className="margin-left-0 margin-bottom-1">{formatDate(certificate.validFrom, lang)}</dd>
                <dt className="text-bold">{t('signingCerts.validTo')}</dt>
                <dd className="margin-left-0 margin-bottom-1">{formatDate(certificate.validTo, lang)}</dd>
                <dt className="text-bold">{t('signingCerts.status')}</dt>
                <dd className="margin-left-0 margin-bottom-1">
                  {certificate.active
                    ? t('signingCerts.active')
                    : certificate.retiredAt
                      ? t('signingCerts.retired', { date: formatDate(certificate.retiredAt, lang) })
                      : t('signingCerts.inactive')}
                </dd>
              </dl>
              <p>
                <a className="usa-link" href={`/signing-certificates/${certificate.fingerprintSha256}.pem`}>
                  {t('signingCerts.download')}
                </a>
              </p>
            </article>
          ))}
        </>
      )}
      <p className="margin-top-4">
        <Link className="usa-link" to="/verify">
          {t('signingCerts.verifyLink')}
        </Link>
      </p>
    </section>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'signingCerts.title')
