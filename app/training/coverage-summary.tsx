import { useT } from '~/i18n/use-t'
import type { Coverage } from './coverage.server'

// Coverage as a short list of figures (product.md §7): who should be trained, who is current,
// expiring within 30 days, overdue, never trained; percentages of the headcount.

export function CoverageSummary({ coverage }: { coverage: Coverage }) {
  const { t } = useT()
  if (coverage.headcount === 0) return <p>{t('training.coverage.none')}</p>
  const pct = (value: number | null) => (value === null ? '' : ` (${t('training.coverage.percent', { percent: value })})`)
  const part = (count: number) => pct(Math.round((count * 1000) / coverage.headcount) / 10)
  return (
    <dl className="training-counts" data-testid="coverage">
      <div>
        <dt>{t('training.coverage.headcount')}</dt>
        <dd>
          {coverage.headcount}{' '}
          <span className="font-body-2xs text-base">
            {coverage.declaredHeadcount === null
              ? t('training.coverage.headcountRoster', { roster: coverage.roster })
              : t('training.coverage.headcountDetail', { roster: coverage.roster, declared: coverage.declaredHeadcount })}
          </span>
        </dd>
      </div>
      <div>
        <dt>{t('training.coverage.current')}</dt>
        <dd data-testid="coverage-current">
          {coverage.current}
          {pct(coverage.percentCurrent)}
        </dd>
      </div>
      <div>
        <dt>{t('training.coverage.expiring')}</dt>
        <dd>
          {coverage.expiringSoon}
          {pct(coverage.percentExpiringSoon)}
        </dd>
      </div>
      <div>
        <dt>{t('training.coverage.overdue')}</dt>
        <dd>
          {coverage.overdue}
          {pct(coverage.percentOverdue)}
        </dd>
      </div>
      <div>
        <dt>{t('training.coverage.untrained')}</dt>
        <dd>
          {coverage.untrained}
          {part(coverage.untrained)}
        </dd>
      </div>
    </dl>
  )
}
