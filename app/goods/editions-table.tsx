import { useT } from '~/i18n/use-t'
import { formatDay } from '~/ui/format'
import type { GoodsListCode } from './names'

type Edition = { id: string; list: GoodsListCode; edition: string; publishedOn: string | Date; source: string; rowCount: number; active: boolean }

/** The stored editions of the high-risk goods lists (agency policy page). */
export function GoodsEditionsTable({ editions }: { editions: Edition[] }) {
  const { t, lang } = useT()
  return (
    <section aria-labelledby="goods-editions-heading" className="margin-top-4">
      <h2 id="goods-editions-heading">{t('goods.editions.title')}</h2>
      <p>{t('goods.editions.lead')}</p>
      <table className="usa-table usa-table--borderless">
        <thead>
          <tr>
            <th scope="col">{t('goods.editions.list')}</th>
            <th scope="col">{t('goods.editions.edition')}</th>
            <th scope="col">{t('goods.editions.published')}</th>
            <th scope="col">{t('goods.editions.rows')}</th>
            <th scope="col">{t('goods.editions.status')}</th>
            <th scope="col">{t('goods.editions.source')}</th>
          </tr>
        </thead>
        <tbody>
          {editions.map((edition) => (
            <tr key={edition.id}>
              <th scope="row">{t(`goods.list.${edition.list}`)}</th>
              <td>{edition.edition}</td>
              <td>{formatDay(edition.publishedOn, lang)}</td>
              <td>{edition.rowCount}</td>
              <td>{edition.active ? t('goods.editions.active') : t('goods.editions.inactive')}</td>
              <td>{/^https:\/\//.test(edition.source) ? <a className="usa-link" href={edition.source}>{edition.source}</a> : edition.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
