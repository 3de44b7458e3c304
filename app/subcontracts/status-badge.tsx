import { useT } from '~/i18n/use-t'
import type { TreeStatus } from './tree'

// USWDS tag colours with enough contrast for WCAG AA: the word carries the meaning, not the colour.
const CLASS: Record<TreeStatus, string> = {
  invited: 'bg-base-dark',
  not_started: 'bg-base-darker',
  active: 'bg-primary-dark',
  certified: 'bg-green-cool-60v',
  expired: 'bg-orange-60v',
  revoked: 'bg-secondary-dark',
}

/** A subcontractor's standing as a tag (invited, not started, in progress, certified…). */
export function StatusBadge({ status }: { status: TreeStatus }) {
  const { t } = useT()
  return <span className={`usa-tag ${CLASS[status]}`}>{t(`subcontracts.status.${status}`)}</span>
}
