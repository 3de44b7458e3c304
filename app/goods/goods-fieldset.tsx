import { useState } from 'react'
import type { UseFormRegister, FieldValues } from 'react-hook-form'
import { useT } from '~/i18n/use-t'
import { goodCountryField, goodNameField, MAX_DECLARED_GOODS } from './declaration'

type Defaults = Partial<Record<string, string | string[] | boolean>>

type Props = {
  defaults: Defaults
  /** Goods of the active lists, offered while typing (typed text is allowed too). */
  suggestions: string[]
  /** Country codes with their names in the page's language, from the loader (server and browser agree). */
  countries: Array<{ code: string; name: string }>
  errorFor: (name: string) => string | undefined
  register: UseFormRegister<FieldValues>
}

// One unused row below the declared ones, so the form works without JavaScript (one more good
// per save); with JavaScript, "Add another good" adds rows. Few rows keep the page light: each
// row carries a select of every country.
const BLANK_ROWS = 1

function rowsIn(defaults: Defaults): number {
  let highest = -1
  for (const name of Object.keys(defaults)) {
    const match = /^good(?:Name|Country)(\d+)$/.exec(name)
    if (match && defaults[name]) highest = Math.max(highest, Number(match[1]))
  }
  return highest + 1
}

/** Repeated good + source-country rows of the contract form (app/goods/declaration.ts). */
export function DeclaredGoodsFieldset({ defaults, suggestions, countries, errorFor, register }: Props) {
  const { t, tError } = useT()
  const [rowCount, setRowCount] = useState(() => Math.min(MAX_DECLARED_GOODS, rowsIn(defaults) + BLANK_ROWS))
  const listError = tError(errorFor('goods'))
  const text = (name: string) => {
    const value = defaults[name]
    return typeof value === 'string' ? value : ''
  }
  return (
    <fieldset className="usa-fieldset" aria-describedby={`goods-hint${listError ? ' goods-error' : ''}`}>
      <legend className="usa-legend">{t('goods.legend')}</legend>
      <div className="usa-hint" id="goods-hint">
        {t('goods.hint')}
      </div>
      {listError ? (
        <span className="usa-error-message" id="goods-error">
          {listError}
        </span>
      ) : null}
      <datalist id="goods-suggestions">
        {suggestions.map((good) => (
          <option key={good} value={good} />
        ))}
      </datalist>
      {Array.from({ length: rowCount }, (_, index) => {
        const goodName = goodNameField(index)
        const countryName = goodCountryField(index)
        const goodError = tError(errorFor(goodName))
        const countryError = tError(errorFor(countryName))
        const number = index + 1
        return (
          <div key={index} className="grid-row grid-gap-sm">
            <div className={`usa-form-group tablet:grid-col-6${goodError ? ' usa-form-group--error' : ''}`}>
              <label className="usa-label" htmlFor={`field-${goodName}`}>
                {t('goods.good', { number })}
              </label>
              {goodError ? (
                <span className="usa-error-message" id={`field-${goodName}-error`}>
                  {goodError}
                </span>
              ) : null}
              <input
                id={`field-${goodName}`}
                className={`usa-input${goodError ? ' usa-input--error' : ''}`}
                list="goods-suggestions"
                autoComplete="off"
                maxLength={200}
                defaultValue={text(goodName)}
                aria-invalid={goodError ? true : undefined}
                aria-describedby={goodError ? `field-${goodName}-error` : index === 0 ? 'goods-hint' : undefined}
                {...register(goodName)}
              />
            </div>
            <div className={`usa-form-group tablet:grid-col-6${countryError ? ' usa-form-group--error' : ''}`}>
              <label className="usa-label" htmlFor={`field-${countryName}`}>
                {t('goods.country', { number })}
              </label>
              {countryError ? (
                <span className="usa-error-message" id={`field-${countryName}-error`}>
                  {countryError}
                </span>
              ) : null}
              <select
                id={`field-${countryName}`}
                className={`usa-select${countryError ? ' usa-input--error' : ''}`}
                defaultValue={text(countryName)}
                aria-invalid={countryError ? true : undefined}
                aria-describedby={countryError ? `field-${countryName}-error` : undefined}
                {...register(countryName)}
              >
                <option value="">{t('goods.chooseCountry')}</option>
                {countries.map((country) => (
                  <option key={country.code} value={country.code}>
                    {country.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
        )
      })}
      {rowCount < MAX_DECLARED_GOODS ? (
        <button type="button" className="usa-button usa-button--outline margin-top-2" onClick={() => setRowCount((count) => Math.min(MAX_DECLARED_GOODS, count + 1))}>
          {t('goods.addRow')}
        </button>
      ) : null}
    </fieldset>
  )
}
