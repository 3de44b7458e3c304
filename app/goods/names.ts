// Names on the goods lists (templates/goods) as the portal compares them. Client-safe: the
// contract form uses the same functions as the import and the matching.

export const GOODS_LISTS = ['tvpra', 'eo13126'] as const
export type GoodsListCode = (typeof GOODS_LISTS)[number]

/**
 * The comparison key of a good: "Brazil Nuts / Chestnuts" (EO 13126) and "Brazil Nuts/Chestnuts"
 * (TVPRA) are one good; case, spacing and Unicode forms do not matter.
 */
export function goodKey(name: string): string {
  return name
    .normalize('NFKC')
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/ ?\/ ?/g, '/')
    .toLowerCase()
}

/** A good as shown and stored: trimmed, single spaces. */
export function cleanGoodName(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ')
}

// Country names compare without accents, case, curly apostrophes or extra spaces, so that
// "Côte d'Ivoire", "Cote D'Ivoire" and Intl's "Côte d’Ivoire" are one name.
function countryKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase()
}

// The lists' own spellings that Intl does not give, typos included (EO 13126 2014: "Boliva",
// "Tajikstan"). A new edition with a new spelling is refused with its line number until the
// spelling is added here.
const COUNTRY_ALIASES: Record<string, string> = {
  burma: 'MM',
  'congo, democratic republic of the': 'CD',
  'democratic republic of the congo': 'CD',
  'congo, republic of the': 'CG',
  'republic of the congo': 'CG',
  'turkey (turkiye)': 'TR',
  turkey: 'TR',
  turkiye: 'TR',
  'korea, north': 'KP',
  'north korea': 'KP',
  'korea, south': 'KR',
  'south korea': 'KR',
  'kyrgyz republic': 'KG',
  boliva: 'BO',
  tajikstan: 'TJ',
  russia: 'RU',
  'russian federation': 'RU',
  iran: 'IR',
  vietnam: 'VN',
  'viet nam': 'VN',
  laos: 'LA',
  'lao pdr': 'LA',
  eswatini: 'SZ',
  swaziland: 'SZ',
  "cote d'ivoire": 'CI',
  'ivory coast': 'CI',
  syria: 'SY',
  taiwan: 'TW',
  'the gambia': 'GM',
  'gambia, the': 'GM',
  'timor-leste': 'TL',
  'east timor': 'TL',
  'west bank and gaza strip': 'PS',
  'west bank and gaza': 'PS',
  'bosnia and herzegovina': 'BA',
  'cabo verde': 'CV',
  'north macedonia': 'MK',
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'

/**
 * ISO 3166-1 alpha-2 codes Intl knows a name for, without the user-assigned ones (AA, QM–QZ,
 * XA–XZ, ZZ) and the groupings Intl also names (EU, EZ, UN).
 */
export const COUNTRY_CODES: readonly string[] = (() => {
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })
  const codes: string[] = []
  for (const a of LETTERS) {
    for (const b of LETTERS) {
      const code = a + b
      if (/^(AA|Q[M-Z]|X[A-Z]|ZZ|EU|EZ|UN)$/.test(code)) continue
      try {
        if (names.of(code) !== undefined) codes.push(code)
      } catch {
        // Not a region code Intl accepts.
      }
    }
  }
  return codes
})()

const KNOWN_CODES = new Set(COUNTRY_CODES)
export const isCountryCode = (code: string) => KNOWN_CODES.has(code)

let byName: Map<string, string> | undefined
function countryIndex(): Map<string, string> {
  if (byName) return byName
  const index = new Map<string, string>()
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })
  for (const code of COUNTRY_CODES) {
    const name = names.of(code)
    if (!name) continue
    index.set(countryKey(name), code)
    // "Myanmar (Burma)", "Hong Kong SAR China": also the part before the parenthesis.
    const short = name.replace(/\s*\(.*\)$/, '')
    if (short !== name && !index.has(countryKey(short))) index.set(countryKey(short), code)
  }
  for (const [alias, code] of Object.entries(COUNTRY_ALIASES)) index.set(alias, code)
  byName = index
  return index
}

/** The ISO 3166-1 alpha-2 code for a country name as a list spells it, or undefined. */
export function countryCodeFor(name: string): string | undefined {
  return countryIndex().get(countryKey(name))
}

/** Countries for a select, sorted by their name in `lang`. */
export function countryOptions(lang: 'en' | 'es'): Array<{ code: string; name: string }> {
  const names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' })
  const collator = new Intl.Collator(lang)
  return COUNTRY_CODES.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) => collator.compare(a.name, b.name))
}
