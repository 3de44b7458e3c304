import { goodCountryField, goodNameField } from '~/goods/declaration'
import { centsToInput } from './money'
import type { ContractFormDefaults } from './contract-form'

type ContractRow = {
  number: string
  title: string
  estimatedValueCents: bigint | string
  outsideUSValueCents: bigint | string
  startDate: Date | string
  endDate: Date | string
  placesOfPerformance: unknown
  industries: string[]
  naicsCodes: string[]
  suppliesOrServicesOutsideUS: boolean
  usesLaborRecruiters: boolean
  employsNonUSNationals: boolean
  providesHousing: boolean
  ocid: string | null
  goods?: Array<{ good: string; countryCode: string }>
}

export type PlaceRow = { country: string; state?: string }

/** Places as stored (JSON): anything that is not a { country, state? } object is ignored. */
export function placesOf(value: unknown): PlaceRow[] {
  if (!Array.isArray(value)) return []
  return value.flatMap((item: unknown) => {
    if (!item || typeof item !== 'object') return []
    const country: unknown = Reflect.get(item, 'country')
    const state: unknown = Reflect.get(item, 'state')
    if (typeof country !== 'string') return []
    return [typeof state === 'string' ? { country, state } : { country }]
  })
}

const isoDay = (value: Date | string) => new Date(value).toISOString().slice(0, 10)

/** A stored contract as the values of the contract form (for editing). */
export function contractFormDefaults(contract: ContractRow): ContractFormDefaults {
  const places = placesOf(contract.placesOfPerformance)
  const outside = BigInt(contract.outsideUSValueCents)
  return {
    number: contract.number,
    title: contract.title,
    estimatedValue: centsToInput(contract.estimatedValueCents),
    outsideUSValue: outside === 0n ? '' : centsToInput(outside),
    startDate: isoDay(contract.startDate),
    endDate: isoDay(contract.endDate),
    usStates: places.filter((p) => p.country === 'US' && p.state).map((p) => p.state ?? ''),
    otherCountries: places.filter((p) => p.country !== 'US').map((p) => p.country).join(', '),
    industries: contract.industries,
    naicsCodes: contract.naicsCodes.join(', '),
    suppliesOrServicesOutsideUS: contract.suppliesOrServicesOutsideUS,
    usesLaborRecruiters: contract.usesLaborRecruiters,
    employsNonUSNationals: contract.employsNonUSNationals,
    providesHousing: contract.providesHousing,
    ocid: contract.ocid ?? '',
    ...Object.fromEntries((contract.goods ?? []).flatMap((g, index) => [[goodNameField(index), g.good], [goodCountryField(index), g.countryCode]])),
  }
}
