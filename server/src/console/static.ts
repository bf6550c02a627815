import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import type { App } from '../platform/http.ts';

/** Where `npm run build --workspace console` writes the Console. */
export const DEFAULT_CONSOLE_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../console/dist');

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The index page may run scripts and styles from this origin only. Mantine sets inline styles,
 * hence 'unsafe-inline' for styles (not for scripts).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Guildhall Console is not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1a1b1e}code{background:#f1f3f5;padding:.1rem .3rem;border-radius:4px}</style>
</head><body>
<h1>The Console has not been built yet</h1>
<p>Guildhall serves the Console from <code>console/dist</code>, which does not exist. Build it once with</p>
<p><code>npm run build --workspace console</code></p>
<p>and reload this page. (<code>npm start</code> builds the Console before starting the server.)</p>
</body></html>`;

/**
 * Serves the Console's production build at /console: hashed assets are cached for a year, the
 * index page is revalidated on every load, and any other path under /console (a client route)
 * gets the index page so that the single-page app can route it.
 */
export async function serveConsole(app: App, options: { distDir?: string } = {}) {
  const dist = path.resolve(options.distDir ?? DEFAULT_CONSOLE_DIST);
  await app.register(async (scope) => {
    // `serve: false`: only `reply.sendFile`, scoped to this plugin; routes are ours.
    // `preCompressed`: the build writes `.br` and `.gz` next to each asset; a browser that
    // accepts one gets it, with `content-encoding` (and `vary`, set below, for caches).
    await scope.register(fastifyStatic, { root: dist, serve: false, cacheControl: false, etag: true, lastModified: true, preCompressed: true });

    const sendIndex = async (reply: FastifyReply) => {
      if (!(await isFile(path.join(dist, 'index.html')))) {
        return reply.status(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
      }
      return reply
        .header('cache-control', 'no-cache')
        .header('content-security-policy', CONTENT_SECURITY_POLICY)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .sendFile('index.html', dist, { cacheControl: false });
    };

    scope.get('/console', { schema: { hide: true } }, (_request, reply) => sendIndex(reply));
    scope.get<{ Params: { '*': string } }>('/console/*', { schema: { hide: true } }, async (request, reply) => {
      const relative = request.params['*'];
      const file = path.resolve(dist, relative);
      const inside = file.startsWith(dist + path.sep);
      // The compressed copies are reached through content negotiation only.
      const compressedCopy = /\.(br|gz)$/.test(relative);
      if (inside && relative !== 'index.html' && !compressedCopy && (await isFile(file))) {
        const hashed = relative.startsWith('assets/');
        return reply
          .header('cache-control', hashed ? IMMUTABLE : 'no-cache')
          .header('vary', 'accept-encoding')
          .header('x-content-type-options', 'nosniff')
          .sendFile(relative, dist, { cacheControl: false });
      }
      // A missing asset is a 404, never the index page (a browser would run HTML as a script).
      if (relative.startsWith('assets/') || path.extname(relative) !== '') {
        return reply.status(404).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send('Not found');
      }
      return sendIndex(reply);
    });
  });
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}
