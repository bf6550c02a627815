import { errorFromResponse } from './errors.ts';

/** Where and how the client obtains its client-credentials tokens (RFC 6749 §4.4). */
export interface TokenSource {
  tokenEndpoint: URL;
  clientId: string;
  clientSecret: string;
  /** The Management API resource indicator (RFC 8707), e.g. `https://auth.example.com/api`. */
  resource: string;
  scope: string;
  renewBeforeExpiryMs: number;
  timeoutMs: number;
  fetch: typeof fetch;
}

/** A cached access token; `get()` shares one in-flight request between concurrent callers. */
export interface TokenCache {
  /** A token valid for at least the renewal margin, fetched when needed. */
  get(): Promise<string>;
  /** Forgets `token` if it is still the cached one (after the API rejected it with 401). */
  invalidate(token: string): void;
}

// RFC 6749 §2.3.1: client_id and client_secret are form-encoded before Basic encoding.
const formEncode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');

export function createTokenCache(source: TokenSource): TokenCache {
  const authorization = `Basic ${btoa(`${formEncode(source.clientId)}:${formEncode(source.clientSecret)}`)}`;
  let cached: { token: string; renewAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function request(): Promise<string> {
    const requested = 'POST token endpoint';
    const response = await source.fetch(source.tokenEndpoint, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'client_credentials', resource: source.resource, scope: source.scope }),
      signal: AbortSignal.timeout(source.timeoutMs),
    });
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw errorFromResponse(response.status, body, requested);
    const { access_token: token, expires_in: expiresIn } = (body ?? {}) as { access_token?: unknown; expires_in?: unknown };
    if (typeof token !== 'string' || token === '') {
      throw errorFromResponse(502, { error: 'invalid_response', error_description: 'The token endpoint returned no access_token' }, requested);
    }
    const lifetimeMs = typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn * 1000 : 0;
    // Renew ahead of expiry, by the configured margin but never more than half the lifetime, so a
    // short-lived token is still reused; a token without expires_in is used for one request only.
    const margin = Math.min(source.renewBeforeExpiryMs, lifetimeMs / 2);
    cached = { token, renewAt: Date.now() + lifetimeMs - margin };
    return token;
  }

  return {
    get() {
      if (cached && Date.now() < cached.renewAt) return Promise.resolve(cached.token);
      inFlight ??= request().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
