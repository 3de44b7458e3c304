import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useT } from '~/i18n/use-t'
import { latestDecision, listReviewQueue, requireReviewer } from '~/review/review.server'
import { parseQueueFilters } from '~/review/schemas'
import { riskTierLabel, RISK_TIERS } from '~/risk/risk'
import { Notice } from '~/ui/forms'
import { formatDateTime } from '~/ui/format'
import { pageTitle } from '~/ui/meta'

// The agency's review queue (product.md §9): declarations awaiting its decision, oldest first.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireReviewer(request, params.orgId)
  const url = new URL(request.url)
  const filters = parseQueueFilters(url.searchParams)
  const decidedId = url.searchParams.get('decided')
  // The notice after a decision names what was decided from the database, never from the URL.
  const [queue, decided] = await Promise.all([
    listReviewQueue(access.organization.id, filters),
    decidedId ? latestDecision(access.organization.id, decidedId) : null,
  ])
  return {
    organization: access.organization,
    filters: { tier: filters.tier ?? '', vendor: filters.vendor ?? '' },
    filtered: filters.tier !== undefined || filters.vendor !== undefined,
    decided,
    queue,
  }
}

export default function ReviewsRoute() {
  const { organization, filters, filtered, decided, queue } = useLoaderData<typeof loader>()
  const { t, lang } = useT()
  return (
    <>
      <h1>{t('review.queue.title')}</h1>
      <p className="usa-intro">{t('review.queue.lead')}</p>
      {decided ? <Notice>{t(`review.decided.${decided.decision}`, { vendor: decided.vendor })}</Notice> : null}

      {/* GET: the filters are part of the address, work without JavaScript and can be bookmarked. */}
      <Form method="get" className="usa-form usa-form--large margin-bottom-4" aria-labelledby="review-filters-heading">
        <h2 id="review-filters-heading" className="font-heading-md">
          {t('review.queue.filters')}
        </h2>
        <div className="grid-row grid-gap">
          <div className="tablet:grid-col-4">
            <label className="usa-label" htmlFor="filter-tier">
              {t('review.queue.tier')}
            </label>
            <select className="usa-select" id="filter-tier" name="tier" defaultValue={filters.tier}>
              <option value="">{t('review.queue.tier.all')}</option>
              {RISK_TIERS.map((tier) => (
                <option key={tier} value={tier}>
                  {riskTierLabel(tier, lang)}
                </option>
              ))}
            </select>
          </div>
          <div className="tablet:grid-col-8">
            <label className="usa-label" htmlFor="filter-vendor">
              {t('review.queue.vendor')}
            </label>
            <div className="usa-hint" id="filter-vendor-hint">
              {t('review.queue.vendor.hint')}
            </div>
            <input
              className="usa-input"
              id="filter-vendor"
              name="vendor"
              type="search"
              defaultValue={filters.vendor}
              maxLength={200}
              aria-describedby="filter-vendor-hint"
            />
          </div>
        </div>
        <button type="submit" className="usa-button margin-top-2">
          {t('review.queue.apply')}
        </button>
        {filtered ? (
          <Link className="usa-button usa-button--unstyled margin-left-2" to={`/orgs/${organization.id}/reviews`}>
            {t('review.queue.clear')}
          </Link>
        ) : null}
      </Form>

      {queue.length === 0 ? (
        <p>{filtered ? t('review.queue.emptyFiltered') : t('review.queue.empty')}</p>
      ) : (
        <>
          <p role="status">
            {t(queue.length === 1 ? 'review.queue.count.one' : 'review.queue.count.other', { count: queue.length })}
          </p>
          <div
            className="usa-table-container--scrollable"
            tabIndex={0}
            role="region"
            aria-labelledby="review-queue-caption"
          >
            <table className="usa-table usa-table--borderless width-full">
              <caption id="review-queue-caption">
                {t('review.queue.caption')} <span className="usa-sr-only">({t('review.queue.sort')})</span>
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('review.queue.col.vendor')}</th>
                  <th scope="col">{t('review.queue.col.contracts')}</th>
                  <th scope="col" aria-sort="ascending">
                    {t('review.queue.col.submitted')}
                  </th>
                  <th scope="col">{t('review.queue.col.tier')}</th>
                  <th scope="col">{t('review.queue.col.reasons')}</th>
                  <th scope="col">{t('review.queue.col.revision')}</th>
                  <th scope="col">{t('review.queue.col.action')}</th>
                </tr>
              </thead>
              <tbody>
                {queue.map((entry) => (
                  <tr key={entry.id}>
                    <th scope="row">
                      {entry.vendor.legalName}
                      <br />
                      <span className="text-base">
                        {entry.vendor.uei ? t('review.queue.uei', { uei: entry.vendor.uei }) : t('review.queue.noUei')}
                      </span>
                    </th>
                    <td>{entry.contractNumbers.join(', ')}</td>
                    <td>{entry.submittedAt ? formatDateTime(entry.submittedAt, lang) : ''}</td>
                    <td>{entry.riskTier ? riskTierLabel(entry.riskTier, lang) : t('review.queue.noTier')}</td>
                    <td className="text-tabular">{entry.reviewReasonCount}</td>
                    <td>{entry.revises ? t('review.queue.revision') : t('review.queue.firstSubmission')}</td>
                    <td>
                      <Link
                        className="usa-link"
                        to={`/orgs/${organization.id}/reviews/${entry.id}`}
                        aria-label={t('review.queue.openNamed', { vendor: entry.vendor.legalName })}
                      >
                        {t('review.queue.open')}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'review.queue.title')
