import { createCookie } from '@remix-run/node'
import { isLang, type Lang } from './i18n'

export const languageCookie = createCookie('lang', {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
})

/** The language for this request: the person's choice (cookie), else the browser's, else English. */
export async function getLanguage(request: Request): Promise<Lang> {
  const chosen: unknown = await languageCookie.parse(request.headers.get('Cookie'))
  if (isLang(chosen)) return chosen
  const accepted = request.headers.get('Accept-Language') ?? ''
  const ranked = accepted
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.find((p) => p.trim().startsWith('q='))
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 }
    })
    .sort((a, b) => b.q - a.q)
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0]
    if (isLang(primary)) return primary
  }
  return 'en'
}
