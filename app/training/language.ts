// Training languages are BCP 47 tags (product.md §7), checked and canonicalized by the platform's
// own Intl implementation rather than a hand-written pattern. Client-safe.

/** The canonical form of a BCP 47 tag ("zh-hant" → "zh-Hant"), or null when it is not one. */
export function canonicalLanguageTag(value: string): string | null {
  // A CSV repeats a handful of tags thousands of times: remember the answers (bounded).
  const known = cache.get(value)
  if (known !== undefined) return known
  const canonical = canonicalize(value)
  if (cache.size < 1000) cache.set(value, canonical)
  return canonical
}

const cache = new Map<string, string | null>()

function canonicalize(value: string): string | null {
  const trimmed = value.trim()
  // Intl accepts "x-private" style tags and the "root" locale; a person's language is neither.
  if (trimmed === '' || trimmed.length > 35 || /^(x|i)-/i.test(trimmed) || trimmed.toLowerCase() === 'root') return null
  try {
    const [canonical] = Intl.getCanonicalLocales(trimmed)
    // Primary language subtags of 5–8 letters are reserved and none is registered: "english" is
    // well-formed but names no language.
    if (!canonical || !/^[a-z]{2,3}(-|$)/.test(canonical)) return null
    return canonical
  } catch {
    return null
  }
}

/** The language's name in the reader's language ("es" → "Spanish" / "español"), or the tag itself. */
export function languageName(tag: string, readerLang: string): string {
  try {
    return new Intl.DisplayNames([readerLang], { type: 'language' }).of(tag) ?? tag
  } catch {
    return tag
  }
}
