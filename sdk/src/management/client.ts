import { errorFromResponse, ManagementApiError } from './errors.ts';
import { createTokenCache } from './token.ts';
import type {
  ManagementMethod,
  ManagementPath,
  ManagementResponse,
  ManagementResponseBody,
  OptionsArgument,
} from './types.ts';

/**
 * Options of {@link createManagementClient}, validated once at creation.
 *
 * @example
 * ```ts
 * const options: ManagementClientOptions = {
 *   endpoint: 'https://auth.example.com',
 *   clientId: process.env.GUILDHALL_M2M_ID!,
 *   clientSecret: process.env.GUILDHALL_M2M_SECRET!,
 * };
 * ```
 */
export interface ManagementClientOptions {
  /** Guildhall's base URL (its `GUILDHALL_ENDPOINT`), e.g. `https://auth.example.com`. */
  endpoint: string;
  /** A machine-to-machine application holding the Management API role (scope `all`). */
  clientId: string;
  clientSecret: string;
  /**
   * The Management API resource indicator requested in tokens. Default `<endpoint>/api`. Set it
   * when you reach Guildhall by another URL than its configured endpoint (e.g. a private address).
   */
  apiIndicator?: string;
  /** The token endpoint. Default `<endpoint>/oidc/token`. */
  tokenEndpoint?: string;
  /** The scope requested. Default `all`. */
  scope?: string;
  /** How long before expiry a cached token is renewed, in ms (capped at half its lifetime). Default 60 000. */
  renewBeforeExpiryMs?: number;
  /** Timeout of each request, in ms. Default 10 000. */
  timeoutMs?: number;
  /** The `fetch` to use (a proxy-aware one, or a test double). Default the global `fetch`. */
  fetch?: typeof fetch;
  /** Allow plain `http:` URLs on hosts other than loopback (private networks only). Default false. */
  allowInsecureHttp?: boolean;
}

type Call<M extends ManagementMethod> = <P extends ManagementPath<M>>(
  path: P,
  ...options: OptionsArgument<M, P>
) => Promise<ManagementResponse<ManagementResponseBody<M, P>>>;

/**
 * A typed Management API client: one function per HTTP method, keyed by the path templates of
 * Guildhall's OpenAPI document. Path and query parameters, bodies and answers are typed from it.
 *
 * @example
 * ```ts
 * const { data: members, totalNumber } = await api.get('/api/organizations/{id}/users', {
 *   path: { id: organizationId },
 *   query: { page: 1, page_size: 20 },
 * });
 * ```
 */
export interface ManagementClient {
  get: Call<'get'>;
  post: Call<'post'>;
  put: Call<'put'>;
  patch: Call<'patch'>;
  delete: Call<'delete'>;
  /** A valid access token for the Management API, from the cache or freshly obtained. */
  accessToken(): Promise<string>;
}

/**
 * Creates a Management API client that authenticates as a machine-to-machine application with
 * the client-credentials grant. The token is cached and renewed ahead of expiry; concurrent calls
 * share one token request; a 401 answer renews the token and retries the call once.
 * Non-2xx answers throw a {@link ManagementApiError} carrying the server's `code`.
 *
 * @example
 * ```ts
 * import { createManagementClient } from '@guildhall/sdk/management';
 *
 * const api = createManagementClient({ endpoint: 'https://auth.example.com', clientId, clientSecret });
 * const { data: scope } = await api.post('/api/organization-scopes', { body: { name: 'invite:users' } });
 * await api.post('/api/organizations/{id}/users', { path: { id: 'org_1' }, body: { userIds: ['user_1'] } });
 * ```
 */
export function createManagementClient(options: ManagementClientOptions): ManagementClient {
  const settings = resolve(options);
  const tokens = createTokenCache({
    tokenEndpoint: settings.tokenEndpoint,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    resource: settings.apiIndicator,
    scope: settings.scope,
    renewBeforeExpiryMs: settings.renewBeforeExpiryMs,
    timeoutMs: settings.timeoutMs,
    fetch: settings.fetch,
  });

  async function call(method: ManagementMethod, template: string, request: RawOptions = {}): Promise<ManagementResponse<unknown>> {
    const url = buildUrl(settings.endpoint, template, request);
    const label = `${method.toUpperCase()} ${template}`;
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const send = async (token: string) =>
      settings.fetch(url, {
        method: method.toUpperCase(),
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...request.headers,
          authorization: `Bearer ${token}`,
        },
        body,
        signal: request.signal ? AbortSignal.any([request.signal, AbortSignal.timeout(settings.timeoutMs)]) : AbortSignal.timeout(settings.timeoutMs),
      });

    let token = await tokens.get();
    let response = await send(token);
    if (response.status === 401) {
      // The token may have been revoked or the signing keys rotated: renew it and retry once.
      await response.body?.cancel();
      tokens.invalidate(token);
      token = await tokens.get();
      response = await send(token);
    }
    const text = await response.text();
    let data: unknown = undefined;
    if (text !== '') {
      try {
        data = JSON.parse(text);
      } catch {
        if (response.ok) throw new ManagementApiError(502, 'http.invalid_json', `${label} answered a body that is not JSON`, label);
      }
    }
    if (!response.ok) throw errorFromResponse(response.status, data, label);
    const total = response.headers.get('total-number');
    return { data, status: response.status, headers: response.headers, totalNumber: total === null ? undefined : Number(total) };
  }

  const bind = (method: ManagementMethod) =>
    ((path: string, request?: RawOptions) => call(method, path, request)) as never;
  return {
    get: bind('get'),
    post: bind('post'),
    put: bind('put'),
    patch: bind('patch'),
    delete: bind('delete'),
    accessToken: () => tokens.get(),
  };
}

interface RawOptions {
  path?: Record<string, string | number>;
  query?: Record<string, unknown>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Substitutes `{name}` path parameters (URL-encoded) and appends the query string. */
function buildUrl(endpoint: URL, template: string, request: RawOptions): URL {
  const pathname = template.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = request.path?.[name];
    if (value === undefined || value === '') throw new TypeError(`Management API client: path parameter "${name}" is required for ${template}`);
    return encodeURIComponent(String(value));
  });
  const url = new URL(endpoint.pathname.replace(/\/$/, '') + pathname, endpoint);
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
  }
  return url;
}

function resolve(options: ManagementClientOptions) {
  if (!options || typeof options !== 'object') throw new TypeError('createManagementClient: options are required');
  const insecure = options.allowInsecureHttp === true;
  const endpoint = parseUrl(options.endpoint, 'endpoint', insecure);
  for (const key of ['clientId', 'clientSecret'] as const) {
    if (typeof options[key] !== 'string' || options[key] === '') {
      throw new TypeError(`createManagementClient: options.${key} must be a non-empty string`);
    }
  }
  const base = endpoint.href.replace(/\/$/, '');
  const positive = (key: 'renewBeforeExpiryMs' | 'timeoutMs', fallback: number) => {
    const value = options[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new TypeError(`createManagementClient: options.${key} must be a non-negative number`);
    }
    return value;
  };
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw new TypeError('createManagementClient: options.fetch must be a function');
  return {
    endpoint,
    apiIndicator: options.apiIndicator ?? `${base}/api`,
    tokenEndpoint: parseUrl(options.tokenEndpoint ?? `${base}/oidc/token`, 'tokenEndpoint', insecure),
    scope: options.scope ?? 'all',
    renewBeforeExpiryMs: positive('renewBeforeExpiryMs', 60_000),
    timeoutMs: positive('timeoutMs', 10_000),
    fetch: fetchImpl,
  };
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

// The client secret and tokens travel in these requests: plain http only on loopback, unless allowed.
function parseUrl(value: unknown, key: string, allowInsecureHttp: boolean): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new TypeError(`createManagementClient: options.${key} must be an absolute URL; got ${JSON.stringify(value)}`);
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && (allowInsecureHttp || loopbackHosts.has(url.hostname)));
  if (typeof value !== 'string' || !secure) {
    throw new TypeError(
      `createManagementClient: options.${key} must be an https: URL (http: only on loopback, or with allowInsecureHttp); got ${JSON.stringify(value)}`,
    );
  }
  return url;
}
