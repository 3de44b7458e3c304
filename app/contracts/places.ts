// Places of performance (product.md §3): country (ISO 3166-1 alpha-2) and, in the US, a state.

export const US_STATES = [
  ['AL', 'Alabama'], ['AK', 'Alaska'], ['AZ', 'Arizona'], ['AR', 'Arkansas'], ['CA', 'California'],
  ['CO', 'Colorado'], ['CT', 'Connecticut'], ['DE', 'Delaware'], ['DC', 'District of Columbia'],
  ['FL', 'Florida'], ['GA', 'Georgia'], ['HI', 'Hawaii'], ['ID', 'Idaho'], ['IL', 'Illinois'],
  ['IN', 'Indiana'], ['IA', 'Iowa'], ['KS', 'Kansas'], ['KY', 'Kentucky'], ['LA', 'Louisiana'],
  ['ME', 'Maine'], ['MD', 'Maryland'], ['MA', 'Massachusetts'], ['MI', 'Michigan'], ['MN', 'Minnesota'],
  ['MS', 'Mississippi'], ['MO', 'Missouri'], ['MT', 'Montana'], ['NE', 'Nebraska'], ['NV', 'Nevada'],
  ['NH', 'New Hampshire'], ['NJ', 'New Jersey'], ['NM', 'New Mexico'], ['NY', 'New York'],
  ['NC', 'North Carolina'], ['ND', 'North Dakota'], ['OH', 'Ohio'], ['OK', 'Oklahoma'], ['OR', 'Oregon'],
  ['PA', 'Pennsylvania'], ['RI', 'Rhode Island'], ['SC', 'South Carolina'], ['SD', 'South Dakota'],
  ['TN', 'Tennessee'], ['TX', 'Texas'], ['UT', 'Utah'], ['VT', 'Vermont'], ['VA', 'Virginia'],
  ['WA', 'Washington'], ['WV', 'West Virginia'], ['WI', 'Wisconsin'], ['WY', 'Wyoming'],
  ['AS', 'American Samoa'], ['GU', 'Guam'], ['MP', 'Northern Mariana Islands'], ['PR', 'Puerto Rico'],
  ['VI', 'U.S. Virgin Islands'],
] as const

export type Place = { country: string; state?: string }

const stateCodes = new Set<string>(US_STATES.map(([code]) => code))
export const isUsState = (code: string) => stateCodes.has(code)

/** A real ISO 3166-1 alpha-2 code (Intl knows its name), not "US" (states cover the US). */
export function isForeignCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code) || code === 'US') return false
  // ISO 3166 user-assigned codes (AA, QM-QZ, XA-XZ, ZZ "Unknown Region") are not countries.
  if (/^(AA|Q[M-Z]|X[A-Z]|ZZ)$/.test(code)) return false
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' }).of(code)
    return name !== undefined
  } catch {
    return false
  }
}

export function countryName(code: string, lang: 'en' | 'es'): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(code) ?? code
  } catch {
    return code
  }
}

export function describePlace(place: Place, lang: 'en' | 'es'): string {
  if (place.country === 'US' && place.state) {
    return US_STATES.find(([code]) => code === place.state)?.[1] ?? place.state
  }
  return countryName(place.country, lang)
}
