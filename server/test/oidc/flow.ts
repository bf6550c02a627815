import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { TestGuildhall } from '../support/guildhall.ts';

/** A browser's cookies, enough for oidc-provider's flow (paths are ignored: names do not collide). */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  store(response: { headers: Record<string, unknown> }) {
    const header = response.headers['set-cookie'];
    const lines = Array.isArray(header) ? header : header ? [String(header)] : [];
    for (const line of lines) {
      const [pair, ...attributes] = String(line).split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key, raw] = attribute.trim().split('=');
        return key!.toLowerCase() === 'expires' && new Date(raw!).getTime() < Date.now();
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

export const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export const REDIRECT_URI = 'http://app.example/callback';
export const PASSWORD = 'correct horse battery';

export interface AuthorizeOptions {
  clientId: string;
  scope?: string;
  resource?: string | string[];
  redirectUri?: string;
  challenge?: string;
  prompt?: string;
  extra?: Record<string, string>;
}

export function authorizeUrl(options: AuthorizeOptions): string {
  const params = new URLSearchParams({
    client_id: options.clientId,
    redirect_uri: options.redirectUri ?? REDIRECT_URI,
    response_type: 'code',
    scope: options.scope ?? 'openid offline_access',
    state: randomBytes(8).toString('hex'),
    nonce: randomBytes(8).toString('hex'),
    ...(options.challenge ? { code_challenge: options.challenge, code_challenge_method: 'S256' } : {}),
    ...(options.prompt ? { prompt: options.prompt } : {}),
    ...options.extra,
  });
  for (const resource of [options.resource ?? []].flat()) params.append('resource', resource);
  return `/oidc/auth?${params}`;
}

/** A browser session driving Guildhall's pages through inject(). */
/** A browser; `remoteAddress` is the address it connects from (127.0.0.1 by default). */
export function browser(gh: TestGuildhall, { remoteAddress }: { remoteAddress?: string } = {}) {
  const jar = new CookieJar();
  const request = async (method: 'GET' | 'POST', url: string, form?: Record<string, string> | URLSearchParams): Promise<LightMyRequestResponse> => {
    const parsed = new URL(url, gh.config.endpoint);
    const response = await gh.inject({
      method,
      url: parsed.pathname + parsed.search,
      headers: {
        host: parsed.host,
        cookie: jar.header(),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { payload: new URLSearchParams(form).toString() } : {}),
      ...(remoteAddress ? { remoteAddress } : {}),
    });
    jar.store(response);
    return response;
  };
  /** Follows redirects through oidc-provider and the sign-in pages; stops at a page or at the application. */
  const follow = async (response: LightMyRequestResponse): Promise<LightMyRequestResponse | URL> => {
    let current = response;
    for (let hops = 0; hops < 10; hops++) {
      if (current.statusCode < 300 || current.statusCode >= 400) return current;
      const location = new URL(String(current.headers.location), gh.config.endpoint);
      // Anything outside oidc-provider and the sign-in pages is the application's (redirect_uri).
      if (location.origin !== new URL(gh.config.endpoint).origin || !/^\/(oidc|sign-in)\//.test(location.pathname)) return location;
      current = await request('GET', location.href);
    }
    throw new Error('too many redirects');
  };
  return { jar, request, follow };
}

export function formAction(html: string, path: string): string {
  const match = html.match(new RegExp(`(?:action|href)="(/sign-in/[^"]+/${path})"`));
  assert.ok(match, `no form posting to …/${path} in the page`);
  return match[1]!;
}

/**
 * Signs a user in through the hosted pages and returns the callback URL (with `code`), or the
 * last page when the flow stopped on one.
 */
export async function signInThroughPages(
  gh: TestGuildhall,
  options: AuthorizeOptions & { identifier: string; password?: string },
  session = browser(gh),
): Promise<{ callback?: URL; page?: LightMyRequestResponse; session: ReturnType<typeof browser> }> {
  const first = await session.follow(await session.request('GET', authorizeUrl(options)));
  if (first instanceof URL) return { callback: first, session };
  if (!first.body.includes('/login"')) return { page: first, session };
  const after = await session.follow(
    await session.request('POST', formAction(first.body, 'login'), { identifier: options.identifier, password: options.password ?? PASSWORD }),
  );
  return after instanceof URL ? { callback: after, session } : { page: after, session };
}

export async function tokenRequest(gh: TestGuildhall, form: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await gh.inject({
    method: 'POST',
    url: '/oidc/token',
    headers: { host: new URL(gh.config.endpoint).host, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(form).toString(),
  });
  return { status: response.statusCode, body: response.json() as Record<string, any>, headers: response.headers };
}

/** Signs in and exchanges the code: the full authorization-code + PKCE flow of a public client. */
export async function signInAndExchange(
  gh: TestGuildhall,
  options: Omit<AuthorizeOptions, 'challenge'> & { identifier: string; password?: string },
) {
  const { verifier, challenge } = pkce();
  const { callback, page } = await signInThroughPages(gh, { ...options, challenge });
  assert.ok(callback, `sign-in did not redirect back: ${page?.statusCode} ${page?.body.slice(0, 500)}`);
  const code = callback.searchParams.get('code');
  assert.ok(code, `no code in ${callback}`);
  const tokens = await tokenRequest(gh, {
    grant_type: 'authorization_code',
    client_id: options.clientId,
    code,
    code_verifier: verifier,
    redirect_uri: options.redirectUri ?? REDIRECT_URI,
  });
  assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
  return tokens.body as { access_token: string; refresh_token?: string; id_token?: string; scope?: string; expires_in: number };
}

export function decodeJwt(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
}
