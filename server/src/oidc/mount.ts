import type Provider from 'oidc-provider';
import type { App } from '../platform/http.ts';

export const OIDC_PREFIX = '/oidc';

/**
 * Hands every request under /oidc to oidc-provider untouched: the body stream is left unread
 * (oidc-provider parses it), and the URL is rewritten the way Express mounting does it, so that
 * oidc-provider derives its mount path from `originalUrl`.
 */
export async function mountOidc(app: App, provider: Provider) {
  const callback = provider.callback();
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    const handler = async (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
      reply.hijack();
      const raw = request.raw as typeof request.raw & { originalUrl?: string };
      raw.originalUrl = raw.url;
      raw.url = raw.url!.slice(OIDC_PREFIX.length) || '/';
      await callback(raw, reply.raw);
    };
    for (const url of [OIDC_PREFIX, `${OIDC_PREFIX}/*`]) {
      scope.route({ method: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'], url, handler, schema: { hide: true } as never });
    }
  });
}
