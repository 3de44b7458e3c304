import { Form, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { DeclaredGoodsFieldset } from '~/goods/goods-fieldset'
import { useT } from '~/i18n/use-t'
import { industries } from '~/risk/industries'
import { TextField, type useValidatedForm } from '~/ui/forms'
import { US_STATES } from './places'

export type ContractFormDefaults = Partial<Record<string, string | string[] | boolean>>

type Props = {
  validated: Pick<ReturnType<typeof useValidatedForm>, 'onSubmit' | 'errorFor' | 'register'>
  defaults: ContractFormDefaults
  submitLabel: string
  /** Fields before the facts: the agency (vendor form) or the vendor to invite (agency form). */
  leading?: ReactNode
  /** The declared goods rows' suggestions and country names (app/goods). */
  goods?: { suggestions: string[]; countries: Array<{ code: string; name: string }> }
}

const asString = (value: ContractFormDefaults[string]) => (typeof value === 'string' ? value : undefined)
const asList = (value: ContractFormDefaults[string]) => (Array.isArray(value) ? value : typeof value === 'string' ? [value] : [])
const asChecked = (value: ContractFormDefaults[string]) => value === true || value === 'on' || value === 'true'

function ErrorMessage({ id, message }: { id: string; message?: string }) {
  return message ? (
    <span className="usa-error-message" id={id}>
      {message}
    </span>
  ) : null
}

/** The contract facts form, shared by a vendor's registration, an agency's creation and edits. */
export function ContractForm({ validated, defaults, submitLabel, leading, goods }: Props) {
  const { t, tError, lang } = useT()
  const navigation = useNavigation()
  const { onSubmit, errorFor, register } = validated
  const text = (name: string, label: string, extra: Record<string, unknown> = {}) => (
    <TextField name={name} label={label} defaultValue={asString(defaults[name])} error={errorFor(name)} registration={register(name)} {...extra} />
  )
  const checkbox = (name: string, label: string) => {
    const error = tError(errorFor(name))
    return (
      <div className={`usa-checkbox${error ? ' usa-form-group--error' : ''}`}>
        <input className="usa-checkbox__input" id={`field-${name}`} type="checkbox" value="on" defaultChecked={asChecked(defaults[name])} aria-describedby={error ? `field-${name}-error` : undefined} {...register(name)} />
        <label className="usa-checkbox__label" htmlFor={`field-${name}`}>
          {label}
        </label>
        <ErrorMessage id={`field-${name}-error`} message={error} />
      </div>
    )
  }
  const selectedStates = asList(defaults.usStates)
  const selectedIndustries = asList(defaults.industries)
  const statesError = tError(errorFor('usStates'))
  return (
    <Form method="post" className="usa-form usa-form--large" noValidate onSubmit={onSubmit}>
      {leading}
      {text('number', t('contracts.number'))}
      {text('title', t('contracts.titleField'))}
      {text('estimatedValue', t('contracts.estimatedValue'), { hint: t('contracts.estimatedValueHint'), inputMode: 'decimal' })}
      <fieldset className="usa-fieldset">
        <legend className="usa-legend">{t('contracts.dates')}</legend>
        {text('startDate', t('contracts.startDate'), { type: 'date' })}
        {text('endDate', t('contracts.endDate'), { type: 'date' })}
      </fieldset>
      <fieldset className="usa-fieldset">
        <legend className="usa-legend">{t('contracts.places')}</legend>
        <div className={`usa-form-group${statesError ? ' usa-form-group--error' : ''}`}>
          <label className="usa-label" htmlFor="field-usStates">
            {t('contracts.usStates')}
          </label>
          <div className="usa-hint" id="field-usStates-hint">
            {t('contracts.usStatesHint')}
          </div>
          <ErrorMessage id="field-usStates-error" message={statesError} />
          <select id="field-usStates" className="usa-select" multiple size={6} defaultValue={selectedStates} aria-describedby={`field-usStates-hint${statesError ? ' field-usStates-error' : ''}`} {...register('usStates')}>
            {US_STATES.map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </div>
        {text('otherCountries', t('contracts.otherCountries'), { hint: t('contracts.otherCountriesHint'), autoCapitalize: 'characters' })}
      </fieldset>
      <fieldset className="usa-fieldset">
        <legend className="usa-legend">{t('contracts.industries')}</legend>
        <div className="grid-row grid-gap-sm">
          {industries.map((industry) => (
            <div key={industry.code} className="usa-checkbox tablet:grid-col-6">
              <input className="usa-checkbox__input" id={`industry-${industry.code}`} type="checkbox" value={industry.code} defaultChecked={selectedIndustries.includes(industry.code)} {...register('industries')} />
              <label className="usa-checkbox__label" htmlFor={`industry-${industry.code}`}>
                {industry.label[lang]}
              </label>
            </div>
          ))}
        </div>
        {text('naicsCodes', t('contracts.naics'), { hint: t('contracts.naicsHint'), inputMode: 'numeric' })}
      </fieldset>
      <fieldset className="usa-fieldset">
        <legend className="usa-legend">{t('contracts.labor')}</legend>
        {checkbox('suppliesOrServicesOutsideUS', t('contracts.suppliesOrServicesOutsideUS'))}
        {text('outsideUSValue', t('contracts.outsideUSValue'), { hint: t('contracts.outsideUSValueHint'), inputMode: 'decimal' })}
        {checkbox('usesLaborRecruiters', t('contracts.usesLaborRecruiters'))}
        {checkbox('employsNonUSNationals', t('contracts.employsNonUSNationals'))}
        {checkbox('providesHousing', t('contracts.providesHousing'))}
      </fieldset>
      {goods ? <DeclaredGoodsFieldset defaults={defaults} suggestions={goods.suggestions} countries={goods.countries} errorFor={errorFor} register={register} /> : null}
      {text('ocid', t('contracts.ocid'), { hint: t('contracts.ocidHint'), spellCheck: false })}
      <button type="submit" className="usa-button margin-top-3" disabled={navigation.state === 'submitting'}>
        {submitLabel}
      </button>
    </Form>
  )
}
