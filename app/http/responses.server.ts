// Typed failures for loaders and actions. Remix renders thrown Responses in the nearest
// ErrorBoundary with their status, so a person sees a calm page and a client sees a 4xx.

export function notFound(): never {
  throw new Response('Not found', { status: 404, statusText: 'Not Found' })
}

export function forbidden(): never {
  throw new Response('Forbidden', { status: 403, statusText: 'Forbidden' })
}

/** For routes that only change state: a GET (a link, a prefetch, a crawler) must not. */
export function methodNotAllowed(): never {
  throw new Response('Method not allowed', { status: 405, headers: { Allow: 'POST' } })
}

export function badRequest(message = 'Bad request'): never {
  throw new Response(message, { status: 400, statusText: 'Bad Request' })
}

/** The client's address as the server entry saw it (Express sets X-Forwarded-For only behind a proxy). */
export function clientIp(request: Request): string {
  return request.headers.get('x-portal-client-ip') ?? 'unknown'
}

/** Only same-site relative paths: never let a redirectTo send someone to another site. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//')) return fallback
  // Browsers drop tabs and newlines from a URL and read a backslash as "/", so "/\t/evil.example" would
  // leave the site; control characters would also make an invalid Location header.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  if (/[\u0000-\u001F\u007F\\]/.test(to)) return fallback
  const base = 'http://portal.invalid'
  return new URL(to, base).origin === base ? to : fallback
}
