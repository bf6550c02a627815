/**
 * Organization-token issuance throughput, one command:
 *
 *   node --import tsx bench/org-tokens.ts
 *
 * 1. Recreates the PostgreSQL database `guildhall_bench_tokens` (BENCH_TOKENS_DATABASE_URL,
 *    default postgres://postgres@127.0.0.1:5432/guildhall_bench_tokens), migrates it and adds
 *    the background dataset of bench/seed.ts at --scale (default 0.1: 10k users, 1k
 *    organizations, 50k memberships), so the token queries run on tables that are not empty.
 * 2. Starts Guildhall on 127.0.0.1 (server/src/main.ts, or node:cluster with --workers > 1,
 *    default 1) with every rate limit off, and creates through the Management API: an
 *    organization template (8 permissions; 3 user roles, 2 machine-to-machine roles), 20
 *    organizations, a user who is a member of each with 2 roles, an M2M app that is a member of
 *    each with an M2M role, and an SPA.
 * 3. Signs the user in through the hosted pages as many times as there are connections (one
 *    grant each, cookie jar per sign-in) and keeps the refresh tokens.
 * 4. autocannon, --connections (50) × --duration (10 s), each request for the next organization:
 *    (a) client_credentials + organization_id for the M2M app;
 *    (b) refresh_token + organization_id for the user. Refresh tokens rotate and a reused one
 *        revokes its grant, so every response's new refresh token goes back into a shared pool
 *        and every request takes one from it: each token is used exactly once.
 *    A sample of each is verified against JWKS (audience, scopes) before measuring.
 * 5. Raw signing rate of the same key type (EdDSA, Ed25519) in this process, one core: through
 *    `jose` (WebCrypto) and through `node:crypto` (what Guildhall uses, oidc/node-signing-key.ts).
 *
 * Options: --workers <n> (1, as `npm start`: on 2 cores shared with PostgreSQL and the load
 * generator one process spends less CPU per token than two, docs/benchmarks.md), --connections <n> (50), --duration <s> (10), --scale <f> (0.1),
 * --only cc|refresh, --profile <dir> (runs the workers with --cpu-prof into <dir>), --node-flags
 * "<flags>" (extra Node/V8 flags for Guildhall only), --server-log <file> (appends Guildhall's standard
 * output there, e.g. --trace-gc's lines), --rate-limits
 * (counts every token request per IP and per client, as a default installation does, with limits
 * too high to trip; off by default), --runs <n> (1: measured runs per path after its warm-up, one row each).
 * BENCH_PORT (default 3918).
 */
import os from 'node:os';
import { createHash, KeyObject, randomBytes, sign as cryptoSign } from 'node:crypto';
import autocannon from 'autocannon';
import { createLocalJWKSet, generateKeyPair, jwtVerify, SignJWT, type JSONWebKeySet } from 'jose';
import pg from 'pg';
import { openDatabase } from '../server/src/platform/database.ts';
import { migrate } from '../server/src/platform/migrate.ts';
import { startCpuCount, type CpuSplit } from './cpu.ts';
import { describeMachine, measureMachine } from './machine.ts';
import { basicAuthorization, startGuildhall } from './guildhall-process.ts';
import { argument, scaled, seed } from './seed.ts';

const workers = Number(argument('workers') ?? 1);
const connections = Number(argument('connections') ?? 50);
const duration = Number(argument('duration') ?? 10);
const scale = Number(argument('scale') ?? 0.1);
const only = argument('only');
const profileDir = argument('profile');
const nodeFlags = argument('node-flags')?.split(/\s+/).filter(Boolean);
const serverLog = argument('server-log');
const rateLimits = process.argv.includes('--rate-limits');
const runs = Math.max(1, Number(argument('runs') ?? 1));
const port = Number(process.env.BENCH_PORT ?? 3918);
const endpoint = `http://127.0.0.1:${port}`;
const issuer = `${endpoint}/oidc`;
const databaseUrl = process.env.BENCH_TOKENS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/guildhall_bench_tokens';
const ORGANIZATIONS = 20;
const PASSWORD = 'correct horse battery';
const REDIRECT_URI = 'http://app.example/callback';
const ORGS_SCOPE = 'urn:logto:scope:organizations';
const ORGS_RESOURCE = 'urn:logto:resource:organizations';
const log = (line: string) => process.stderr.write(`${line}\n`);
type Options = Parameters<typeof autocannon>[0];
type Result = Awaited<ReturnType<typeof autocannon>>;

// 0. The machine, idle (bench/machine.ts).
const machine = await measureMachine();

// 1. A fresh database with the background dataset.
async function recreateDatabase() {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.href });
  await client.connect();
  await client.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
  await client.query(`create database ${pg.escapeIdentifier(name)}`);
  await client.end();
}

await recreateDatabase();
{
  const handle = await openDatabase({ databaseUrl, dataDir: '' });
  await migrate(handle.db);
  if (scale > 0) await seed(handle.db, scaled(scale));
  await handle.close();
}

// 2. Guildhall in its own processes (started below, once the helpers are defined).
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function tokenRequest(fields: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${endpoint}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: form(fields),
  });
  const body = (await response.json()) as Record<string, string>;
  if (!response.ok) throw new Error(`token ${fields.grant_type}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

function managementApi(bearer: string) {
  return async (method: string, url: string, body?: unknown) => {
    const response = await fetch(`${endpoint}${url}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as any;
  };
}

/** The template, organizations, the member user and the member M2M app (through the Management API). */
async function createFixtures() {
  const api = managementApi(await server.adminToken());
  const scopes: Array<{ id: string; name: string }> = [];
  for (const name of ['read:projects', 'write:projects', 'delete:projects', 'read:members', 'invite:members', 'manage:billing', 'read:audit', 'admin']) {
    scopes.push(await api('POST', '/api/organization-scopes', { name }));
  }
  const ids = (indexes: number[]) => indexes.map((index) => scopes[index]!.id as string);
  const viewer = await api('POST', '/api/organization-roles', { name: 'viewer', organizationScopeIds: ids([0, 3, 6]) });
  const editor = await api('POST', '/api/organization-roles', { name: 'editor', organizationScopeIds: ids([0, 1, 3, 4]) });
  await api('POST', '/api/organization-roles', { name: 'owner', organizationScopeIds: ids([0, 1, 2, 3, 4, 5, 6, 7]) });
  const syncer = await api('POST', '/api/organization-roles', { name: 'syncer', type: 'MachineToMachine', organizationScopeIds: ids([0, 1, 3]) });
  await api('POST', '/api/organization-roles', { name: 'auditor', type: 'MachineToMachine', organizationScopeIds: ids([6]) });

  const user = await api('POST', '/api/users', { username: 'bench-member', password: PASSWORD });
  const m2m = await api('POST', '/api/applications', { name: 'bench-m2m', type: 'MachineToMachine' });
  const spa = await api('POST', '/api/applications', {
    name: 'bench-spa',
    type: 'SPA',
    oidcClientMetadata: { redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [] },
  });
  const organizations: string[] = [];
  for (let i = 1; i <= ORGANIZATIONS; i++) {
    const organization = await api('POST', '/api/organizations', { name: `bench-token-org-${i}` });
    organizations.push(organization.id);
    await api('POST', `/api/organizations/${organization.id}/users`, { userIds: [user.id] });
    await api('POST', `/api/organizations/${organization.id}/users/${user.id}/roles`, { organizationRoleIds: [viewer.id, editor.id] });
    await api('POST', `/api/organizations/${organization.id}/applications`, { applicationIds: [m2m.id] });
    await api('POST', `/api/organizations/${organization.id}/applications/${m2m.id}/roles`, { organizationRoleIds: [syncer.id] });
  }
  const allScopes = scopes.map((scope) => scope.name as string);
  return {
    user,
    m2m: { id: m2m.id as string, secret: m2m.secret as string },
    spa: { id: spa.id as string },
    organizations,
    allScopes,
    userScopes: ids([0, 1, 3, 4, 6]).map((id) => scopes.find((scope) => scope.id === id)!.name as string).sort(),
    m2mScopes: ids([0, 1, 3]).map((id) => scopes.find((scope) => scope.id === id)!.name as string).sort(),
  };
}

/** One sign-in through the hosted pages (its own cookie jar, so its own grant); returns a refresh token. */
async function signIn(clientId: string, scope: string): Promise<string> {
  const cookies = new Map<string, string>();
  const request = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(new URL(url, endpoint), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      const value = pair!.slice(index + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) cookies.delete(pair!.slice(0, index));
      else cookies.set(pair!.slice(0, index), value);
    }
    return response;
  };
  /** Follows redirects inside Guildhall; returns the page, or the application's callback URL. */
  const follow = async (response: Response): Promise<Response | URL> => {
    for (let hops = 0; hops < 10; hops++) {
      if (response.status < 300 || response.status >= 400) return response;
      const location = new URL(response.headers.get('location')!, endpoint);
      if (location.origin !== endpoint) return location;
      response = await request(location.href);
    }
    throw new Error('too many redirects');
  };
  const verifier = randomBytes(32).toString('base64url');
  const params = new URLSearchParams({
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope,
    state: randomBytes(8).toString('hex'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  params.append('resource', ORGS_RESOURCE);
  const page = await follow(await request(`/oidc/auth?${params}`));
  if (page instanceof URL) throw new Error(`signed in without a page: ${page}`);
  const action = (await page.text()).match(/action="(\/sign-in\/[^"]+\/login)"/)?.[1];
  if (!action) throw new Error(`no sign-in form (${page.status})`);
  const callback = await follow(
    await request(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ identifier: 'bench-member', password: PASSWORD }),
    }),
  );
  if (!(callback instanceof URL)) throw new Error(`sign-in stopped on a page (${callback.status}): ${(await callback.text()).slice(0, 300)}`);
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code in ${callback}`);
  const tokens = await tokenRequest({ grant_type: 'authorization_code', client_id: clientId, code, code_verifier: verifier, redirect_uri: REDIRECT_URI });
  if (!tokens.refresh_token) throw new Error('no refresh token');
  return tokens.refresh_token;
}

async function verifySample(token: string, organizationId: string, expectedScopes: string[], jwks: ReturnType<typeof createLocalJWKSet>) {
  const { payload, protectedHeader } = await jwtVerify(token, jwks, { issuer, audience: `urn:logto:organization:${organizationId}` });
  const scopes = String(payload.scope ?? '').split(' ').sort();
  if (protectedHeader.alg !== 'EdDSA') throw new Error(`signed with ${protectedHeader.alg}`);
  if (scopes.join(' ') !== expectedScopes.join(' ')) throw new Error(`scope ${scopes.join(' ')} ≠ ${expectedScopes.join(' ')}`);
}

interface Row {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p97_5: number;
  p99: number;
  max: number;
  total: number;
  non2xx: number;
  errors: number;
  /** CPU milliseconds per token: Guildhall's processes, this database's PostgreSQL backends, the load generator. */
  cpu: CpuSplit;
}

const toRow = (name: string, result: Result, cpu: CpuSplit): Row => ({
  name,
  requestsPerSecond: result.requests.average,
  p50: result.latency.p50,
  p97_5: result.latency.p97_5,
  p99: result.latency.p99,
  max: result.latency.max,
  total: (result.requests as unknown as { total: number }).total,
  non2xx: result.non2xx,
  errors: result.errors + result.timeouts,
  cpu,
});

/**
 * PostgreSQL's autovacuum keeps statistics and visibility maps current in production; this
 * server may run with it off (the shared bench machine does), so the tables the fixtures and
 * sign-ins just filled are vacuumed and analysed before measuring.
 */
async function vacuumAnalyze() {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('vacuum analyze');
  await client.end();
}

/**
 * Warms up for 2 s, then measures. Besides throughput and latency, it records the CPU time each
 * party spent per token, which still means something when other work shares the two cores.
 */
async function measure(name: string, options: Options): Promise<Row[]> {
  await vacuumAnalyze();
  log(`▶ ${name} (${connections} connections, 2 s warm-up + ${runs} × ${duration} s)`);
  await autocannon({ ...options, duration: 2 });
  const measured: Row[] = [];
  for (let run = 1; run <= runs; run++) {
    const cpuPerToken = await startCpuCount(server.pid, databaseUrl);
    const result = await autocannon({ ...options, duration });
    const cpu = cpuPerToken((result.requests as unknown as { total: number }).total);
    measured.push(toRow(runs > 1 ? `${name}, run ${run} of ${runs}` : name, result, cpu));
  }
  return measured;
}

/**
 * Signs organization-token-shaped JWTs with an Ed25519 key for `ms`; returns signatures per
 * second: through jose (WebCrypto), and through node:crypto as Guildhall does
 * (server/src/oidc/node-signing-key.ts).
 */
async function rawSigningRates(ms: number) {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const claims = { client_id: 'bench-spa-client-id', scope: 'read:projects write:projects read:members invite:members read:audit' };
  const sign = () =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: 'bench-kid-0123456' })
      .setIssuer(issuer)
      .setSubject('bench-user-id-012345')
      .setAudience('urn:logto:organization:bench-org-id-0123')
      .setJti(randomBytes(16).toString('base64url'))
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
  const keyObject = KeyObject.from(privateKey);
  const header = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'at+jwt', kid: 'bench-kid-0123456' })).toString('base64url');
  const signNode = async () => {
    const payload = { ...claims, iss: issuer, sub: 'bench-user-id-012345', aud: 'urn:logto:organization:bench-org-id-0123', jti: randomBytes(16).toString('base64url'), iat: 1, exp: 3601 };
    const input = `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return `${input}.${cryptoSign(null, Buffer.from(input), keyObject).toString('base64url')}`;
  };
  // One signature at a time: jose's WebCrypto jobs run on libuv's thread pool, and many in flight
  // would spread over both cores. CPU time counts every thread of this process.
  const rate = async (signOne: () => Promise<string>) => {
    for (let i = 0; i < 500; i++) await signOne();
    let count = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    while (performance.now() - started < ms) {
      await signOne();
      count++;
    }
    const used = process.cpuUsage(cpu);
    return { perSecond: count / ((performance.now() - started) / 1000), cpuMicroseconds: (used.user + used.system) / count };
  };
  return { jose: await rate(sign), nodeCrypto: await rate(signNode) };
}

const server = startGuildhall({
  port,
  workers,
  profileDir,
  nodeFlags,
  serverLog,
  log,
  env: {
    DATABASE_URL: databaseUrl,
    // By default the benchmark measures issuance, not the limiter (server/src/oidc/rate-limit.ts):
    // one load generator on one IP would trip any sensible limit. --rate-limits keeps the two
    // token-endpoint counters on (two upserts per request, as in a default installation) with
    // limits too high to trip.
    GUILDHALL_RATE_LIMIT_TOKEN_PER_IP: rateLimits ? '1000000000' : '0',
    GUILDHALL_RATE_LIMIT_TOKEN_PER_CLIENT: rateLimits ? '1000000000' : '0',
    GUILDHALL_RATE_LIMIT_SIGN_IN_PER_IP: '0',
    GUILDHALL_RATE_LIMIT_SIGN_IN_PER_ACCOUNT: '0',
    GUILDHALL_RATE_LIMIT_SIGN_IN_PER_ACCOUNT_TOTAL: '0',
  },
});

const rows: Row[] = [];
let signingRates: Awaited<ReturnType<typeof rawSigningRates>> | undefined;
try {
  await server.ready();
  const fixtures = await createFixtures();
  const jwks = createLocalJWKSet((await (await fetch(`${issuer}/jwks`)).json()) as JSONWebKeySet);
  let next = 0;
  const nextOrganization = () => fixtures.organizations[next++ % fixtures.organizations.length]!;
  const requestedScope = fixtures.allScopes.join(' ');

  if (!only || only === 'cc') {
    const auth = { authorization: basicAuthorization(fixtures.m2m.id, fixtures.m2m.secret) };
    const sample = await tokenRequest({ grant_type: 'client_credentials', organization_id: fixtures.organizations[0]!, scope: requestedScope }, auth);
    await verifySample(sample.access_token!, fixtures.organizations[0]!, fixtures.m2mScopes, jwks);
    const options: Options = {
      url: endpoint,
      connections,
      duration,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...auth },
      requests: [
        {
          method: 'POST',
          path: '/oidc/token',
          setupRequest: (request) => ({
            ...request,
            body: form({ grant_type: 'client_credentials', organization_id: nextOrganization(), scope: requestedScope }),
          }),
        },
      ],
    };
    rows.push(...(await measure('(a) `client_credentials` + `organization_id` (M2M app)', options)));
  }

  if (!only || only === 'refresh') {
    const scope = `openid offline_access ${ORGS_SCOPE} ${requestedScope}`;
    // autocannon abandons the requests in flight when a run ends, and with them up to one refresh
    // token per connection: enough grants for the warm-up and every run.
    const grants = connections * (runs + 1);
    log(`signing in ${grants} times through the hosted pages…`);
    const pool: string[] = [];
    for (let i = 0; i < grants; i += 10) {
      pool.push(...(await Promise.all(Array.from({ length: Math.min(10, grants - i) }, () => signIn(fixtures.spa.id, scope)))));
    }
    const sample = await tokenRequest({ grant_type: 'refresh_token', client_id: fixtures.spa.id, refresh_token: pool.pop()!, organization_id: fixtures.organizations[0]! });
    await verifySample(sample.access_token!, fixtures.organizations[0]!, fixtures.userScopes, jwks);
    pool.push(sample.refresh_token!);
    let starved = 0;
    const options = {
      url: endpoint,
      connections,
      duration,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      requests: [
        {
          method: 'POST',
          path: '/oidc/token',
          // Each refresh token is used once: taken here, its successor returned by onResponse.
          setupRequest: (request: Record<string, unknown>) => {
            const refreshToken = pool.shift();
            if (refreshToken === undefined) starved++;
            return {
              ...request,
              body: form({
                grant_type: 'refresh_token',
                client_id: fixtures.spa.id,
                refresh_token: refreshToken ?? 'pool-exhausted',
                organization_id: nextOrganization(),
              }),
            };
          },
          // autocannon 8 calls onResponse with each response (lib/requestIterator.js); not in bench/autocannon.d.ts.
          onResponse: (status: number, body: string) => {
            if (status === 200) pool.push((JSON.parse(body) as { refresh_token: string }).refresh_token);
          },
        },
      ],
    } as unknown as Options;
    rows.push(...(await measure('(b) `refresh_token` + `organization_id` (user, rotating)', options)));
    if (starved) log(`warning: ${starved} requests found no refresh token in the pool`);
  }
} finally {
  await server.stopAndWait();
}

// 5. Raw signing, once Guildhall is stopped, on this process's one core.
await new Promise((resolve) => setTimeout(resolve, 1000));
signingRates = await rawSigningRates(3000);

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const postgresVersion = await (async () => {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows: [row] } = await client.query<{ server_version: string }>('show server_version');
  await client.end();
  return row?.server_version ?? '?';
})();
console.log(
  `\nPostgreSQL ${postgresVersion}, ${workers} worker(s), token rate limits ${rateLimits ? 'counting' : 'off'}, ${connections} connections × ${duration} s, ` +
    `${ORGANIZATIONS} organizations in turn (background: scale ${scale}); Node ${process.version}; ` +
    `${os.cpus().length} × ${cpu}; ${describeMachine(machine)}; load average at the end: ${os.loadavg().map((load) => load.toFixed(1)).join(' ')}\n`,
);
console.log('| path | tokens/s | p50 ms | p97.5 ms | p99 ms | max ms | requests | non-2xx | errors | CPU ms/token: Guildhall + PostgreSQL (+ autocannon) | 2 cores ÷ server CPU |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|');
for (const r of rows) {
  const server = r.cpu.guildhall + r.cpu.postgres;
  console.log(
    `| ${r.name} | ${Math.round(r.requestsPerSecond).toLocaleString('en')} | ${r.p50} | ${r.p97_5} | ${r.p99} | ${r.max} | ` +
      `${r.total.toLocaleString('en')} | ${r.non2xx} | ${r.errors} | ${r.cpu.guildhall.toFixed(2)} + ${r.cpu.postgres.toFixed(2)} (+ ${r.cpu.loadGenerator.toFixed(2)}) | ` +
      `${Math.round(2000 / server).toLocaleString('en')}/s |`,
  );
}
console.log(
  `\nRaw EdDSA (Ed25519) JWT signing, one at a time in one process: ` +
    `jose ${Math.round(signingRates.jose.perSecond).toLocaleString('en')}/s (${signingRates.jose.cpuMicroseconds.toFixed(0)} µs CPU each), ` +
    `node:crypto ${Math.round(signingRates.nodeCrypto.perSecond).toLocaleString('en')}/s (${signingRates.nodeCrypto.cpuMicroseconds.toFixed(0)} µs CPU each)`,
);
process.exit(rows.some((r) => r.non2xx > 0 || r.errors > 0) ? 1 : 0);
