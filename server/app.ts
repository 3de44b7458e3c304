import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import helmet from 'helmet'
import morgan from 'morgan'
import {
  cachedCertificateStatusAnswer,
  certificateStatusAnswer,
  certificateStatusOtherMethod,
  type PlainAnswer,
} from '~/certificates/status-api.server'
import type { Env } from '~/config/env.server'

declare module '@remix-run/node' {
  interface AppLoadContext {
    cspNonce: string
  }
}

const STATUS_API_PREFIX = '/api/v1/certificates/'

/**
 * The Express application: security headers, logging, static files and the Remix handler.
 * `handler` is what the HTTP server calls: it answers the public status API from memory when it
 * can, and hands every other request to `app`.
 */
export async function createApp({ root, env }: { root: string; env: Env }) {
  const app = express()
  const development = env.NODE_ENV === 'development'
  app.disable('x-powered-by')
  app.set('trust proxy', env.TRUST_PROXY)
  if (env.LOG_REQUESTS) app.use(morgan(LOG_FORMAT))

  // The public verification API is the hot path (agencies' systems poll it). It is answered
  // before the page middleware (CSP nonce, helmet, compression): its answers are small JSON
  // bodies that carry their own ETag and 304 logic, and the headers a JSON answer needs are fixed
  // (bench/verification.bench.ts measured the page middleware at more than the answer itself).
  const apiHeaders: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'same-origin',
    ...(env.NODE_ENV === 'production' ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  }
  // Cached answers are the same objects request after request: merge their headers once.
  const merged = new WeakMap<PlainAnswer, Record<string, string>>()
  const send = (res: ServerResponse, method: string | undefined, answer: PlainAnswer) => {
    const { status, headers, body } = answer
    let all = merged.get(answer)
    if (!all) merged.set(answer, (all = { ...apiHeaders, ...headers }))
    res.writeHead(status, all)
    // HEAD: the same headers, no body.
    res.end(body === null || method === 'HEAD' ? undefined : body)
  }
  app.all('/api/v1/certificates/:number', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, req.method, certificateStatusOtherMethod(req.method))
    certificateStatusAnswer(req.params.number ?? '', req.get('If-None-Match') ?? null).then((answer) => send(res, req.method, answer), next)
  })

  // One nonce per response lets Remix's own inline scripts run while the CSP blocks any other.
  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64')
    next()
  })
  app.use(
    helmet({
      contentSecurityPolicy: {
        // Vite's development client injects scripts without a nonce; enforce the policy in
        // production only and report it in development so mistakes still show up.
        reportOnly: development,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce as string}'`],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: development ? ["'self'", 'ws:'] : ["'self'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
      // HSTS only in production: a developer's http://localhost must not be pinned to HTTPS.
      strictTransportSecurity: env.NODE_ENV === 'production' ? { maxAge: 31536000, includeSubDomains: true } : false,
      frameguard: { action: 'deny' },
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: 'same-origin' },
    }),
  )
  app.use(compression())

  // Loaders read the client address from this header; never trust one sent by the client itself.
  app.use((req, _res, next) => {
    req.headers['x-portal-client-ip'] = req.ip ?? 'unknown'
    next()
  })

  let build: ServerBuild | (() => Promise<ServerBuild>)
  let close = async () => {}
  if (development) {
    // Vite and the Remix plugin install signal handlers (signal-exit) that end the process on
    // SIGINT/SIGTERM without waiting; the portal shuts down in its own order (HTTP, then
    // PostgreSQL), so take back every signal handler the development tooling adds.
    const signals = ['SIGINT', 'SIGTERM'] as const
    const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]))
    const vite = await import('vite')
    const viteServer = await vite.createServer({ root, server: { middlewareMode: true } })
    for (const signal of signals) {
      for (const listener of process.listeners(signal)) if (!before.get(signal)?.has(listener)) process.off(signal, listener)
    }
    app.use(viteServer.middlewares)
    build = () => viteServer.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>
    close = () => viteServer.close()
  } else {
    const serverBuild = path.join(root, 'build', 'server', 'index.js')
    if (!fs.existsSync(serverBuild)) {
      throw new Error('The app is not built yet. Run `npm run build` (npm start does this for you).')
    }
    build = (await import(pathToFileURL(serverBuild).href)) as ServerBuild
    // Vite fingerprints everything under /assets: cache it for a year.
    app.use('/assets', express.static(path.join(root, 'build', 'client', 'assets'), { immutable: true, maxAge: '1y' }))
    // Only a path whose first segment is in build/client can be a file there: every other request
    // (pages, the API) goes straight to Remix, without a file-system lookup per request.
    const clientDir = path.join(root, 'build', 'client')
    const clientEntries = new Set(fs.readdirSync(clientDir).filter((name) => name !== 'assets'))
    const serveClient = express.static(clientDir, { maxAge: '1h' })
    app.use((req, res, next) => {
      if (clientEntries.has(req.path.split('/')[1] ?? '')) serveClient(req, res, next)
      else next()
    })
  }

  app.all(
    '*',
    createRequestHandler({
      build,
      mode: env.NODE_ENV,
      getLoadContext: (_req, res) => ({ cspNonce: String(res.locals.cspNonce) }),
    }),
  )
  // A cached status answer needs neither Express's routing nor its request objects: answered
  // straight from node:http (about a tenth of the CPU time of the Express route). Misses, other
  // methods and other spellings of the number go through Express as above.
  const handler: RequestListener = (req, res) => {
    const url = req.url ?? ''
    if ((req.method === 'GET' || req.method === 'HEAD') && url.startsWith(STATUS_API_PREFIX)) {
      const number = url.slice(STATUS_API_PREFIX.length)
      const answer = number.includes('/') || number.includes('?') ? null : cachedCertificateStatusAnswer(decodePath(number), ifNoneMatchOf(req))
      if (answer) {
        if (env.LOG_REQUESTS) logLater(req, res, answer.body === null ? '-' : (answer.headers['Content-Length'] ?? '-'))
        return send(res, req.method, answer)
      }
    }
    app(req, res)
  }
  return { app, handler, close }
}

const LOG_FORMAT = ':method :url :status :res[content-length] - :response-time ms'

/** The same line morgan writes for the requests Express handles. */
function logLater(req: IncomingMessage, res: ServerResponse, length: string) {
  const started = performance.now()
  res.once('finish', () => {
    console.log(`${req.method} ${req.url} ${res.statusCode} ${length} - ${(performance.now() - started).toFixed(3)} ms`)
  })
}

function ifNoneMatchOf(req: IncomingMessage): string | null {
  const value = req.headers['if-none-match']
  return typeof value === 'string' ? value : null
}

function decodePath(segment: string): string {
  if (!segment.includes('%')) return segment
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
