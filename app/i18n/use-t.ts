import { useRouteLoaderData } from '@remix-run/react'
import { isLang, translate, translateError, type Lang, type Translate } from './i18n'

/** The current language and a translate function, from the root loader's data. */
export function useT(): { lang: Lang; t: Translate; tError: (message?: string) => string | undefined } {
  const data = useRouteLoaderData<{ lang?: string }>('root')
  const lang: Lang = isLang(data?.lang) ? data.lang : 'en'
  return {
    lang,
    t: (key, vars) => translate(lang, key, vars),
    tError: (message) => translateError(lang, message),
  }
}
