import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import { startGuildhall } from '../support/guildhall.ts';

/**
 * Throws random and malformed input at every operation in /api/swagger.json (so a new route is
 * covered as soon as it is documented) and asserts: never a 5xx, every 4xx is `{ code, message }`,
 * and the data created before the fuzzing is intact after it.
 *
 * Reproduce a failure with the seed it prints: `FUZZ_SEED=<seed> node scripts/test.mjs
 * server/test/contract/fuzz.test.ts`. FUZZ_BUDGET_MS (default 25000) bounds the run time,
 * FUZZ_PER_OPERATION (default 80) the requests per operation.
 */

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 25_000);
const PER_OPERATION = Number(process.env.FUZZ_PER_OPERATION ?? 80);
console.log(`fuzz seed: ${SEED} (rerun with FUZZ_SEED=${SEED})`);

/** mulberry32: a small, seedable PRNG. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  return { next, int, pick: <T>(items: readonly T[]): T => items[int(items.length)]!, chance: (p: number) => next() < p };
}
const random = prng(SEED);

const gh = await startGuildhall();
const token = await gh.managementToken();
const doc = (await gh.inject({ method: 'GET', url: '/api/swagger.json' })).json() as Record<string, any>;

// ---------------------------------------------------------------------------------------------
// Fixtures. "Protected" entities are never named in a fuzzed request: they must survive intact.
// "Target" entities are what fuzzed requests point at, so that input reaches the services and the
// database, not only validation.
// ---------------------------------------------------------------------------------------------

type Pools = Record<string, string[]>;
const hasOperation = (method: string, path: string) => Boolean(doc.paths[path]?.[method]);

async function create(method: string, url: string, body: unknown): Promise<any> {
  const response = await gh.api(method as InjectOptions['method'], url, body);
  assert.ok(response.status < 300, `fixture ${method} ${url} failed: ${response.status} ${response.text}`);
  return response.body;
}

async function buildFixtures(tag: string): Promise<Pools> {
  const pools: Pools = {
    users: [],
    applications: [],
    organizations: [],
    'organization-roles': [],
    'organization-scopes': [],
    resources: [],
    scopes: [],
    roles: [],
  };
  for (let i = 0; i < 2; i++) {
    pools.users!.push((await create('POST', '/api/users', { username: `${tag}_user_${i}`, password: 'fuzzing is fun 123', name: `Fuzz ${tag} ${i}` })).id);
    pools.applications!.push((await create('POST', '/api/applications', { name: `${tag} app ${i}`, type: 'MachineToMachine' })).id);
  }
  if (hasOperation('post', '/api/resources')) {
    const resource = await create('POST', '/api/resources', { name: `${tag} api`, indicator: `https://${tag}.fuzz.example/api` });
    pools.resources!.push(resource.id);
    if (hasOperation('post', '/api/resources/{resourceId}/scopes')) {
      pools.scopes!.push((await create('POST', `/api/resources/${resource.id}/scopes`, { name: `${tag}:read` })).id);
    }
  }
  if (hasOperation('post', '/api/roles')) {
    pools.roles!.push((await create('POST', '/api/roles', { name: `${tag}-role`, description: 'fuzz', type: 'User' })).id);
  }
  if (hasOperation('post', '/api/organization-scopes')) {
    pools['organization-scopes']!.push((await create('POST', '/api/organization-scopes', { name: `${tag}:scope` })).id);
  }
  if (hasOperation('post', '/api/organization-roles')) {
    pools['organization-roles']!.push(
      (await create('POST', '/api/organization-roles', { name: `${tag}-member`, organizationScopeIds: pools['organization-scopes'] })).id,
      (await create('POST', '/api/organization-roles', { name: `${tag}-robot`, type: 'MachineToMachine' })).id,
    );
  }
  if (hasOperation('post', '/api/organizations')) {
    const organization = await create('POST', '/api/organizations', { name: `${tag} org`, customData: { tag } });
    pools.organizations!.push(organization.id);
    if (hasOperation('post', '/api/organizations/{id}/users')) {
      await create('POST', `/api/organizations/${organization.id}/users`, { userIds: pools.users });
      if (pools['organization-roles']!.length && hasOperation('post', '/api/organizations/{id}/users/roles')) {
        await create('POST', `/api/organizations/${organization.id}/users/roles`, {
          userIds: pools.users,
          organizationRoleIds: [pools['organization-roles']![0]],
        });
      }
    }
    if (hasOperation('post', '/api/organizations/{id}/applications')) {
      await create('POST', `/api/organizations/${organization.id}/applications`, { applicationIds: pools.applications });
    }
  }
  return pools;
}

/** Puts the targets back together (fuzzing removes members, deletes things), so later requests go deep. */
async function repair(pools: Pools): Promise<void> {
  const alive = async (kind: string, url: (id: string) => string) => {
    const pool = pools[kind]!;
    for (let i = 0; i < pool.length; i++) {
      if ((await gh.api('GET', url(pool[i]!))).status === 404) pool.splice(i--, 1);
    }
    return pool.length > 0;
  };
  if (!(await alive('users', (id) => `/api/users/${id}`))) pools.users!.push((await create('POST', '/api/users', { name: 'again' })).id);
  if (!(await alive('applications', (id) => `/api/applications/${id}`))) {
    pools.applications!.push((await create('POST', '/api/applications', { name: 'again', type: 'MachineToMachine' })).id);
  }
  if (hasOperation('post', '/api/organization-roles') && !(await alive('organization-roles', (id) => `/api/organization-roles/${id}`))) {
    pools['organization-roles']!.push((await create('POST', '/api/organization-roles', { name: `again-${Date.now()}` })).id);
  }
  if (!hasOperation('post', '/api/organizations')) return;
  if (!(await alive('organizations', (id) => `/api/organizations/${id}`))) {
    pools.organizations!.push((await create('POST', '/api/organizations', { name: 'again' })).id);
  }
  const organization = pools.organizations![0]!;
  await gh.api('POST', `/api/organizations/${organization}/users`, { userIds: pools.users });
  await gh.api('POST', `/api/organizations/${organization}/applications`, { applicationIds: pools.applications });
  await gh.api('POST', `/api/organizations/${organization}/users/roles`, {
    userIds: pools.users,
    organizationRoleIds: pools['organization-roles']!.slice(0, 1),
  });
}

/** The pool a path parameter draws from: `userId` → users, `{id}` after `/organizations` → organizations. */
function poolFor(path: string, param: string): string | undefined {
  const byName: Record<string, string> = {
    userId: 'users',
    applicationId: 'applications',
    organizationId: 'organizations',
    organizationRoleId: 'organization-roles',
    organizationScopeId: 'organization-scopes',
    resourceId: 'resources',
    scopeId: 'scopes',
    roleId: 'roles',
  };
  if (byName[param]) return byName[param];
  const segments = path.split('/');
  const index = segments.indexOf(`{${param}}`);
  return index > 0 ? segments[index - 1] : undefined;
}

function fillPath(path: string, pools: Pools, choose: (pool: string[] | undefined) => string | undefined): string | undefined {
  let unresolved = false;
  const url = path.replace(/\{(\w+)\}/g, (_, param: string) => {
    const pool = poolFor(path, param);
    const value = choose(pool ? pools[pool] : undefined);
    if (value === undefined) unresolved = true;
    return value ?? ''; // pool ids are URL-safe; nasty ids come already encoded
  });
  return unresolved ? undefined : url;
}

/** Everything readable about the protected entities, through every documented GET that names one. */
async function snapshot(pools: Pools): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    if (!item.get || !path.includes('{')) continue;
    const url = fillPath(path, pools, (pool) => pool?.[0]);
    if (!url) continue;
    const response = await gh.api('GET', url);
    result.set(url, `${response.status} ${response.text}`);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Input generation from the documented schemas.
// ---------------------------------------------------------------------------------------------

function deref(schema: any): any {
  let current = schema;
  for (let i = 0; current && typeof current.$ref === 'string' && i < 20; i++) {
    current = current.$ref.replace(/^#\//, '').split('/').reduce((node: any, key: string) => node?.[key], doc);
  }
  return current ?? {};
}

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '%00',
  "' OR 1=1 --",
  "'; drop table users; --",
  '"); select pg_sleep(1); --',
  '%',
  '_',
  '\\',
  '%_\\%',
  '$1',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '\ud800',
  '\udfff\ud800',
  '😀'.repeat(40),
  'ﷺ'.repeat(50),
  '\u202e\u200b\ufeff',
  'Ω≈ç√∫˜µ≤≥÷',
  'null',
  'true',
  '[]',
  '{}',
  '-1',
  '1e309',
  'NaN',
  '__proto__',
  'constructor',
  '\r\n\r\nX-Injected: 1',
];

function hugeString() {
  return random.pick(['a', 'é', '😀', '\u0000', "'"]).repeat(random.pick([257, 1025, 10_000, 100_000]));
}

function deepValue(depth: number): unknown {
  let value: unknown = random.chance(0.5) ? {} : [];
  for (let i = 0; i < depth; i++) value = random.chance(0.5) ? { a: value } : [value];
  return value;
}

function idFromPool(name: string, pools: Pools): string | undefined {
  const map: Record<string, string> = {
    user: 'users',
    application: 'applications',
    organization: 'organizations',
    organizationRole: 'organization-roles',
    organizationScope: 'organization-scopes',
    resourceScope: 'scopes',
    scope: 'scopes',
    resource: 'resources',
    role: 'roles',
  };
  const stem = name.replace(/Ids?$/, '');
  const pool = pools[map[stem] ?? ''];
  return pool?.length ? random.pick(pool) : undefined;
}

/** A value that fits the schema, mostly (formats and patterns are attempted, not guaranteed). */
function validValue(schemaIn: any, pools: Pools, name = '', depth = 0): unknown {
  const schema = deref(schemaIn);
  if (depth > 6) return null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return random.pick(schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(variants)) return validValue(random.pick(variants), pools, name, depth + 1);
  const type = Array.isArray(schema.type) ? random.pick(schema.type) : schema.type;
  switch (type) {
    case 'string': {
      if (/Id$/.test(name)) {
        const id = idFromPool(name, pools);
        if (id) return id;
      }
      if (schema.format === 'email') return `fuzz${random.int(1e9)}@example.com`;
      if (schema.format === 'uri' || schema.format === 'url') return `https://fuzz.example/${random.int(1e9)}`;
      if (schema.pattern) return `Fuzz_${random.int(1e9)}`;
      const length = Math.max(schema.minLength ?? 1, Math.min(schema.maxLength ?? 12, 12));
      return `fz${random.int(1e9).toString(36)}`.padEnd(length, 'x').slice(0, Math.max(length, 1));
    }
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 0, Math.min(schema.maximum ?? 100, 1 + random.int(20)));
    case 'boolean':
      return random.chance(0.5);
    case 'null':
      return null;
    case 'array': {
      const count = Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, random.int(3)));
      const itemName = name.replace(/s$/, '');
      return Array.from({ length: count }, () => validValue(schema.items ?? {}, pools, itemName, depth + 1));
    }
    case 'object':
    default: {
      if (!schema.properties) return {};
      const body: Record<string, unknown> = {};
      const required = new Set<string>(schema.required ?? []);
      for (const [key, child] of Object.entries<any>(schema.properties)) {
        if (required.has(key) || random.chance(0.6)) body[key] = validValue(child, pools, key, depth + 1);
      }
      return body;
    }
  }
}

const WRONG_VALUES: Array<() => unknown> = [
  () => 12345,
  () => -1,
  () => 1.5,
  () => 2 ** 63,
  () => true,
  () => null,
  () => [],
  () => [1, 'a', null],
  () => ({}),
  () => ({ nested: { deeper: [1, 2, 3] } }),
  () => 'a string',
  () => random.pick(NASTY_STRINGS),
  () => hugeString(),
  () => deepValue(random.pick([50, 500, 3000])),
  () => Array.from({ length: 1500 }, (_, i) => `id${i}`),
];

/** A body with one field (or the whole body) replaced by something malformed. */
function mutatedBody(schema: any, pools: Pools): unknown {
  const base = validValue(schema, pools);
  if (!base || typeof base !== 'object' || Array.isArray(base) || random.chance(0.1)) return random.pick(WRONG_VALUES)();
  const object = base as Record<string, unknown>;
  const keys = Object.keys(deref(schema).properties ?? {});
  const key = keys.length && random.chance(0.85) ? random.pick(keys) : random.pick(['unknownKey', '__proto__', 'constructor', 'id', 'tenantId']);
  if (random.chance(0.5)) {
    // A string value that is well-typed but nasty: NUL bytes, SQL, unicode, huge.
    object[key] = random.chance(0.2) ? hugeString() : random.pick(NASTY_STRINGS);
  } else if (random.chance(0.3) && Array.isArray(object[key])) {
    object[key] = [random.pick(NASTY_STRINGS), ...(object[key] as unknown[])];
  } else {
    object[key] = random.pick(WRONG_VALUES)();
  }
  return object;
}

const NASTY_IDS = [
  'does-not-exist',
  'x'.repeat(255),
  'x'.repeat(300),
  'x'.repeat(5000),
  '%00',
  'a%00b',
  '%2F',
  '..',
  '%2e%2e',
  '%ZZ',
  '%',
  "'%20OR%201=1",
  '%F0%9F%98%80',
  '%C0%AF',
  '%EF%BF%BF',
  '-1',
  '0',
  'null',
  'undefined',
  '__proto__',
  '*',
];

/** encodeURIComponent, except that a lone surrogate (which it refuses) goes through as %ED%A0%80. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '')) + '%ED%A0%80';
  }
}

function nastyId(): string {
  return random.chance(0.7) ? random.pick(NASTY_IDS) : encode(random.pick(NASTY_STRINGS)) || 'empty';
}

const BAD_QUERIES = [
  'page=0',
  'page=-1',
  'page=abc',
  'page=1.5',
  'page=99999999999',
  'page_size=0',
  'page_size=101',
  'page_size=1e3',
  'page_size=',
  'page=1&page=2',
  'page_size[]=1',
  'page[a]=1',
  'q=%00',
  'q=%25',
  'q=%27%20OR%201%3D1',
  `q=${'a'.repeat(5000)}`,
  'search=%5C',
  'unknownKey=1',
  'showFeatured=maybe',
  'organizationRoleId=',
  'status=Nope',
  '%ZZ=1',
  'a=%ZZ',
  '&&&',
  '=',
];

function queryFor(operation: any, pools: Pools): string {
  if (random.chance(0.5)) return `?${random.pick(BAD_QUERIES)}`;
  const parts: string[] = [];
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in !== 'query' || !random.chance(0.5)) continue;
    const value = random.chance(0.5) ? validValue(parameter.schema ?? {}, pools, parameter.name) : random.pick(NASTY_STRINGS);
    parts.push(`${encode(parameter.name)}=${encode(String(value))}`);
  }
  if (random.chance(0.2)) parts.push(`unknown_${random.int(100)}=${encode(random.pick(NASTY_STRINGS))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

const BAD_AUTH = [
  () => `Bearer ${'a'.repeat(20_000)}`,
  () => `Bearer ${'a.'.repeat(5000)}a`,
  () => `Bearer ${token}${'x'.repeat(10_000)}`,
  () => `Basic ${'A'.repeat(30_000)}`,
  () => 'Bearer \u0000',
  () => `Bearer ${token.split('.').slice(0, 2).join('.')}.`,
  () => `bearer    ${token}`,
];

function request(method: string, path: string, operation: any, pools: Pools): InjectOptions {
  // Real ids reach the services; deletes get them less often so the targets live longer.
  const real = method === 'delete' ? 0.2 : 0.6;
  const targetPath = fillPath(path, pools, (pool) => (pool?.length && random.chance(real) ? random.pick(pool) : nastyId()))!;
  const url = `${targetPath}${queryFor(operation, pools)}`;
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (random.chance(0.05)) headers.authorization = random.pick(BAD_AUTH)();
  const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
  const options: InjectOptions = { method: method.toUpperCase() as InjectOptions['method'], url, headers };
  const roll = random.next();
  if (roll < 0.1) {
    headers['content-type'] = 'application/json';
    options.payload = random.pick(['{', '{"a":', '[1,2', 'nul', '{"a":1}}', '\u0000', '{"__proto__":{"x":1}}', '"\\ud800"', '{"a":"\\u0000"}']);
  } else if (roll < 0.18) {
    headers['content-type'] = random.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=latin1', 'application/jsonx', '']);
    options.payload = random.pick(['a=1&b=2', '<x/>', '--x\r\n\r\n--x--', '{"name":"x"}']);
  } else if (roll < 0.2) {
    headers['content-type'] = 'application/json';
    options.payload = JSON.stringify({ blob: 'x'.repeat(1024 * 1024 + 10) });
  } else if (bodySchema || random.chance(0.3)) {
    headers['content-type'] = 'application/json';
    options.payload = JSON.stringify(mutatedBody(bodySchema ?? { type: 'object' }, pools));
  }
  return options;
}

// ---------------------------------------------------------------------------------------------

const protectedPools = await buildFixtures('keep');
const targetPools = await buildFixtures('target');
const before = await snapshot(protectedPools);

interface Failure {
  route: string;
  status: number;
  request: InjectOptions;
  response: string;
}

describe(`fuzzing every documented /api operation (seed ${SEED})`, () => {
  const failures: Failure[] = [];
  const statuses = new Map<number, number>();
  const reached = new Set<string>();
  let sent = 0;

  it('never answers 5xx, and every 4xx is { code, message }', async () => {
    const operations: Array<[string, string, any]> = [];
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const [method, operation] of Object.entries<any>(item)) {
        if (['get', 'post', 'put', 'patch', 'delete'].includes(method) && path.startsWith('/api/')) operations.push([method, path, operation]);
      }
    }
    assert.ok(operations.length >= 10, `only ${operations.length} operations documented`);
    const deadline = Date.now() + BUDGET_MS;
    const check = async (route: string, options: InjectOptions) => {
      const response = await gh.inject(options);
      sent++;
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      if (response.statusCode < 300) reached.add(route);
      let problem = response.statusCode >= 500;
      if (response.statusCode >= 400 && !problem) {
        try {
          const body = response.json();
          problem = typeof body?.code !== 'string' || typeof body?.message !== 'string';
        } catch {
          problem = true;
        }
      }
      if (problem && failures.filter((failure) => failure.route === route).length < 3) {
        failures.push({ route, status: response.statusCode, request: options, response: response.body.slice(0, 300) });
      }
    };

    // 1. A deterministic sweep on real ids: odd whole bodies, then every body field with every wrong value.
    const SWEEP_VALUES: unknown[] = [123, -1, true, null, [], {}, 'x', '', '\u0000', "' OR 1=1 --", '\ud800', 'é'.repeat(5000), deepValue(200)];
    for (const [method, path, operation] of operations) {
      const route = `${method.toUpperCase()} ${path}`;
      const url = fillPath(path, targetPools, (pool) => pool?.[1] ?? pool?.[0] ?? 'none')!;
      const send = (payload: string | undefined) =>
        check(route, {
          method: method.toUpperCase() as InjectOptions['method'],
          url,
          headers: { authorization: `Bearer ${token}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(payload === undefined ? {} : { payload }),
        });
      if (method === 'delete') continue; // deletes come last, in the random phase
      for (const payload of [undefined, '{}', '[]', 'null', '"text"', '0']) await send(payload);
      const bodySchema = deref(operation.requestBody?.content?.['application/json']?.schema);
      for (const key of Object.keys(bodySchema?.properties ?? {})) {
        for (const value of SWEEP_VALUES) {
          const body = validValue(bodySchema, targetPools) as Record<string, unknown>;
          body[key] = value;
          await send(JSON.stringify(body));
        }
      }
      await repair(targetPools);
    }

    // 2. Random requests, round-robin, so a short budget still reaches every operation.
    for (let round = 0; round < PER_OPERATION && Date.now() < deadline; round++) {
      for (const [method, path, operation] of operations) {
        await check(`${method.toUpperCase()} ${path}`, request(method, path, operation, targetPools));
      }
      await repair(targetPools);
    }
    console.log(`fuzz: ${sent} requests over ${operations.length} operations; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    const unreached = operations.map(([m, p]) => `${m.toUpperCase()} ${p}`).filter((route) => !reached.has(route));
    if (unreached.length) console.log(`fuzz: no 2xx (input never got past validation or lookup) on ${unreached.join(', ')}`);
    const report = failures.map((failure) => {
      const payload = typeof failure.request.payload === 'string' ? failure.request.payload : '';
      const authorization = String((failure.request.headers as Record<string, string>).authorization ?? '');
      return [
        `${failure.route} → ${failure.status} ${failure.response}`,
        `    ${failure.request.method} ${failure.request.url!.toString().slice(0, 300)}`,
        `    content-type: ${(failure.request.headers as Record<string, string>)['content-type'] ?? '(none)'}; authorization: ${authorization.slice(0, 40)}${authorization.length > 40 ? `… (${authorization.length} chars)` : ''}`,
        `    body: ${payload.slice(0, 300)}${payload.length > 300 ? `… (${payload.length} chars)` : ''}`,
      ].join('\n');
    });
    assert.deepEqual(report, [], `seed ${SEED}: ${failures.length} bad answers:\n${report.join('\n')}`);
  });

  it('loses no data: the protected entities read the same after the fuzzing', async () => {
    assert.ok(before.size >= 3, `only ${before.size} protected reads`);
    const after = await snapshot(protectedPools);
    for (const [url, value] of before) assert.equal(after.get(url), value, `${url} changed (seed ${SEED})`);
    // The admin can still authenticate and list.
    assert.equal((await gh.api('GET', '/api/users?page_size=1')).status, 200);
  });
});
