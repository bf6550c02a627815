import type Provider from 'oidc-provider';
import type { App } from '../platform/http.ts';

export const OIDC_PREFIX = '/oidc';

/** Runs before oidc-provider; returning false means the hook has answered (e.g. 429). */
export type OidcRequestHook = (
  request: import('fastify').FastifyRequest,
  reply: import('fastify').FastifyReply,
) => Promise<boolean | void>;

/**
 * Hands every request under /oidc to oidc-provider untouched but for two things: the body stream
 * is left unread (oidc-provider parses it), and the URL is rewritten the way Express mounting does
 * it, so that oidc-provider derives its mount path from `originalUrl`; and the `X-Forwarded-*`
 * headers are replaced by what Fastify made of them. oidc-provider's Koa trusts those headers
 * from any peer (`provider.proxy`, all or nothing) and takes the leftmost `X-Forwarded-For`,
 * which a client writes itself; Fastify believes them only from the proxies of
 * GUILDHALL_TRUST_PROXY. So both halves of Guildhall see one client address, scheme and host.
 */
export async function mountOidc(app: App, currentProvider: () => Provider, onRequest?: OidcRequestHook) {
  // The provider is rebuilt when signing keys change (setup.ts); each one's callback is built once.
  const callbacks = new WeakMap<Provider, ReturnType<Provider['callback']>>();
  const callbackOf = (provider: Provider) => {
    let callback = callbacks.get(provider);
    if (!callback) callbacks.set(provider, (callback = provider.callback()));
    return callback;
  };
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    const handler = async (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
      if (onRequest && (await onRequest(request, reply)) === false) return reply;
      reply.hijack();
      const raw = request.raw as typeof request.raw & { originalUrl?: string };
      raw.headers['x-forwarded-for'] = request.ip;
      raw.headers['x-forwarded-proto'] = request.protocol;
      raw.headers['x-forwarded-host'] = request.host;
      raw.originalUrl = raw.url;
      raw.url = raw.url!.slice(OIDC_PREFIX.length) || '/';
      await callbackOf(currentProvider())(raw, reply.raw);
    };
    for (const url of [OIDC_PREFIX, `${OIDC_PREFIX}/*`]) {
      scope.route({ method: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'], url, handler, schema: { hide: true } as never });
    }
  });
}
