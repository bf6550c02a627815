import path from 'node:path';
import proxyAddr from '@fastify/proxy-addr';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  /** Port the HTTP server listens on. */
  port: number;
  /** Interface to bind; `0.0.0.0` by default so containers work. */
  host: string;
  /** Public base URL, without a trailing slash. The OIDC issuer is `${endpoint}/oidc`. */
  endpoint: string;
  /** A real PostgreSQL; when absent, the embedded PGlite database in `dataDir` is used. */
  databaseUrl: string | undefined;
  /** Directory of the embedded database (and nothing else). */
  dataDir: string;
  logLevel: LogLevel;
  /** `production` turns unsafe development defaults into errors. */
  production: boolean;
  /** Credentials of the bootstrap machine-to-machine app with full Management API access. */
  adminClient: { id: string; secret: string } | undefined;
  /** Whether the hosted sign-in pages offer registration. */
  registrationEnabled: boolean;
  /**
   * Logto compatibility: a resource token requested without `organization_id` also receives API
   * permissions granted by the user's organization roles (in every organization). Off by default.
   */
  legacyOrganizationResourceScopes: boolean;
  /** PostgreSQL connections per process. */
  databasePoolSize: number;
  /** How often every node re-reads the signing keys, so that a rotation reaches all of them. */
  keyReloadSeconds: number;
  rateLimits: RateLimits;
  /** Days the audit log keeps an entry; 0 keeps every entry. */
  auditLogRetentionDays: number;
  /**
   * Which peers may speak for the client through `X-Forwarded-For`, `-Proto` and `-Host`: the
   * addresses, CIDR ranges and names (`loopback`, `linklocal`, `uniquelocal`) of the proxies in
   * front of Guildhall, `true` for any peer, `false` for none. The client IP these headers give
   * keys the per-IP rate limits and is recorded in the audit log.
   */
  trustProxy: boolean | string[];
}

/** Proxies on the same machine or a private network: a direct client from the internet cannot pass for another. */
export const DEFAULT_TRUSTED_PROXIES = ['loopback', 'linklocal', 'uniquelocal'];

/** Fixed-window limits counted in the database (all nodes together); 0 turns a limit off. */
export interface RateLimits {
  windowSeconds: number;
  /** Failed sign-ins per account from one client IP (so that nobody elsewhere can lock the owner out). */
  signInPerAccount: number;
  /** Failed sign-ins per account from all client IPs together (guessing from many addresses). */
  signInPerAccountTotal: number;
  /** Sign-in and registration attempts per client IP. */
  signInPerIp: number;
  /** Token requests per client IP. */
  tokenPerIp: number;
  /** Token requests per authenticated client. */
  tokenPerClient: number;
}

export class ConfigError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${key} ${reason}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function parseBoolean(env: NodeJS.ProcessEnv, key: string, fallback: boolean): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(key, `must be true or false, got "${raw}"`);
}

function parseNumber(
  env: NodeJS.ProcessEnv,
  key: string,
  fallback: number,
  { min, integer = true }: { min: number; integer?: boolean },
): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min) {
    throw new ConfigError(key, `must be ${integer ? 'an integer' : 'a number'} of at least ${min}, got "${raw}"`);
  }
  return value;
}

function parseTrustProxy(raw: string | undefined): boolean | string[] {
  const value = raw?.trim();
  if (value === undefined || value === '') return DEFAULT_TRUSTED_PROXIES;
  if (['true', 'false'].includes(value.toLowerCase())) return value.toLowerCase() === 'true';
  const list = value.split(',').map((item) => item.trim());
  if (list.some((item) => item === '')) {
    throw new ConfigError('GUILDHALL_TRUST_PROXY', `must be true, false or a comma-separated list of addresses, got "${raw}"`);
  }
  // A bare number reads as an IPv4 address ("2" is 0.0.0.2) but is surely meant as a hop count,
  // which cannot tell a proxy from a client that sends the headers itself.
  if (list.some((item) => /^\d+$/.test(item))) {
    throw new ConfigError('GUILDHALL_TRUST_PROXY', `takes the proxies' addresses, not a number of hops, got "${raw}"`);
  }
  try {
    proxyAddr.compile(list);
  } catch (error) {
    throw new ConfigError(
      'GUILDHALL_TRUST_PROXY',
      `must be true, false or a comma-separated list of IP addresses, CIDR ranges, loopback, linklocal or uniquelocal (${(error as Error).message}), got "${raw}"`,
    );
  }
  return list;
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3001;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ConfigError('PORT', `must be an integer between 0 and 65535, got "${raw}"`);
  }
  return port;
}

function parseEndpoint(raw: string | undefined, port: number): string {
  const value = raw === undefined || raw === '' ? `http://localhost:${port}` : raw;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('GUILDHALL_ENDPOINT', `must be an absolute URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('GUILDHALL_ENDPOINT', `must use http or https, got "${url.protocol}"`);
  }
  if (url.search || url.hash) {
    throw new ConfigError('GUILDHALL_ENDPOINT', 'must not have a query or fragment');
  }
  return url.href.replace(/\/+$/, '');
}

function parseDatabaseUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new Error('protocol');
  } catch {
    throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// URL');
  }
  return raw;
}

/** Reads and validates the configuration; throws a {@link ConfigError} naming the wrong key. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = parsePort(env.PORT);
  const logLevel = (env.GUILDHALL_LOG_LEVEL ?? env.LOG_LEVEL ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('GUILDHALL_LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const adminId = env.GUILDHALL_ADMIN_CLIENT_ID;
  const adminSecret = env.GUILDHALL_ADMIN_CLIENT_SECRET;
  if (Boolean(adminId) !== Boolean(adminSecret)) {
    throw new ConfigError(
      adminId ? 'GUILDHALL_ADMIN_CLIENT_SECRET' : 'GUILDHALL_ADMIN_CLIENT_ID',
      'must be set together with its pair',
    );
  }
  if (adminId && !/^[\w.-]{1,21}$/.test(adminId)) {
    throw new ConfigError('GUILDHALL_ADMIN_CLIENT_ID', 'must be 1–21 characters of letters, digits, "_", "." or "-"');
  }
  if (adminSecret && adminSecret.length < 16) {
    throw new ConfigError('GUILDHALL_ADMIN_CLIENT_SECRET', 'must be at least 16 characters');
  }
  const production = env.NODE_ENV === 'production';
  const endpoint = parseEndpoint(env.GUILDHALL_ENDPOINT, port);
  if (production && endpoint.startsWith('http:') && !/^http:\/\/(localhost|127\.0\.0\.1)/.test(endpoint)) {
    throw new ConfigError('GUILDHALL_ENDPOINT', 'must use https in production');
  }
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    endpoint,
    databaseUrl: parseDatabaseUrl(env.DATABASE_URL),
    dataDir: path.resolve(env.GUILDHALL_DATA_DIR || './data'),
    logLevel,
    production,
    adminClient: adminId && adminSecret ? { id: adminId, secret: adminSecret } : undefined,
    registrationEnabled: parseBoolean(env, 'GUILDHALL_REGISTRATION', true),
    legacyOrganizationResourceScopes: parseBoolean(env, 'GUILDHALL_LEGACY_ORGANIZATION_RESOURCE_SCOPES', false),
    databasePoolSize: parseNumber(env, 'GUILDHALL_DATABASE_POOL_SIZE', 10, { min: 1 }),
    keyReloadSeconds: parseNumber(env, 'GUILDHALL_KEY_RELOAD_SECONDS', 60, { min: 0.1, integer: false }),
    rateLimits: {
      windowSeconds: parseNumber(env, 'GUILDHALL_RATE_LIMIT_WINDOW_SECONDS', 60, { min: 1 }),
      signInPerAccount: parseNumber(env, 'GUILDHALL_RATE_LIMIT_SIGN_IN_PER_ACCOUNT', 10, { min: 0 }),
      signInPerAccountTotal: parseNumber(env, 'GUILDHALL_RATE_LIMIT_SIGN_IN_PER_ACCOUNT_TOTAL', 100, { min: 0 }),
      signInPerIp: parseNumber(env, 'GUILDHALL_RATE_LIMIT_SIGN_IN_PER_IP', 60, { min: 0 }),
      tokenPerIp: parseNumber(env, 'GUILDHALL_RATE_LIMIT_TOKEN_PER_IP', 6000, { min: 0 }),
      tokenPerClient: parseNumber(env, 'GUILDHALL_RATE_LIMIT_TOKEN_PER_CLIENT', 6000, { min: 0 }),
    },
    auditLogRetentionDays: parseNumber(env, 'GUILDHALL_AUDIT_LOG_RETENTION_DAYS', 180, { min: 0 }),
    trustProxy: parseTrustProxy(env.GUILDHALL_TRUST_PROXY),
  };
}
