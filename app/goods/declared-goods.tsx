import { useT } from '~/i18n/use-t'
import type { GoodsListCode } from './names'

type DeclaredGoodView = {
  good: string
  countryCode: string
  countryName: string
  matches: Array<{ list: GoodsListCode; edition: string; laborType: 'child_labor' | 'forced_labor' | 'both'; listedGood: string; listedCountry: string }>
}

/** The contract page's table of declared goods, each with the list editions that name it. */
export function DeclaredGoods({ goods }: { goods: DeclaredGoodView[] }) {
  const { t } = useT()
  return (
    <section aria-labelledby="goods-heading" className="margin-top-3">
      <h2 id="goods-heading">{t('goods.declared')}</h2>
      {goods.length === 0 ? (
        <p>{t('goods.none')}</p>
      ) : (
        <table className="usa-table usa-table--borderless">
          <thead>
            <tr>
              <th scope="col">{t('goods.column.good')}</th>
              <th scope="col">{t('goods.column.country')}</th>
              <th scope="col">{t('goods.column.listed')}</th>
            </tr>
          </thead>
          <tbody>
            {goods.map((declared) => (
              <tr key={`${declared.good}-${declared.countryCode}`}>
                <th scope="row">{declared.good}</th>
                <td>{declared.countryName}</td>
                <td>
                  {declared.matches.length === 0
                    ? t('goods.notListed')
                    : declared.matches.map((match) => (
                        <div key={`${match.list}-${match.edition}`}>
                          <strong>{t('goods.match', { list: t(`goods.list.${match.list}`), edition: match.edition, laborType: t(`risk.labor.${match.laborType}`) })}</strong>
                        </div>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
