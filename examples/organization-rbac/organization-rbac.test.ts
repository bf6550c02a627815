// End to end: a real Guildhall listening on 127.0.0.1, the example's setup and service run as
// their own processes (as a user runs them), users signing in through Guildhall's hosted pages
// with fetch (authorization code + PKCE), and organization tokens from the refresh_token grant.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// The server's test harness, imported by a computed path so that type-checking the example does
// not type-check the server; these are the parts used here.
interface Harness {
  startGuildhall(): Promise<{
    app: { listen(options: { port: number; host: string }): Promise<string> };
    config: { endpoint: string };
    admin: { id: string; secret: string };
    api(method: string, url: string, body?: unknown): Promise<{ status: number; body: any }>;
  }>;
}
const { startGuildhall } = (await import(path.join(here, '../../server/test/support/guildhall.ts'))) as Harness;

const gh = await startGuildhall();
const guildhallUrl = await gh.app.listen({ port: 0, host: '127.0.0.1' });
const env = {
  ...process.env,
  GUILDHALL_ENDPOINT: gh.config.endpoint,
  GUILDHALL_URL: guildhallUrl,
  GUILDHALL_M2M_CLIENT_ID: gh.admin.id,
  GUILDHALL_M2M_CLIENT_SECRET: gh.admin.secret,
  PORT: '0',
};
const nodeArgs = (file: string) => ['--conditions=guildhall-source', '--import', 'tsx', path.join(here, file)];

/** Runs setup.ts to completion; returns its output lines and the template ids it printed last. */
async function runSetup(): Promise<{ lines: string[]; template: { permissionIds: Record<string, string>; roleIds: Record<string, string> } }> {
  const child = spawn(process.execPath, nodeArgs('setup.ts'), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, `setup.ts failed:\n${out}\n${err}`);
  const lines = out.trim().split('\n');
  return { lines, template: JSON.parse(lines.at(-1)!) };
}

/** Starts service.ts and resolves with its URL once it listens. */
async function startService(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, nodeArgs('service.ts'), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  after(() => {
    child.kill();
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk) => (err += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on('close', (code) => reject(new Error(`service.ts exited with ${code}:\n${out}\n${err}`)));
  });
  return { url, child };
}

// Fixtures, through the Management API.
const ok = async <T = any>(request: Promise<{ status: number; body: any }>): Promise<T> => {
  const response = await request;
  assert.ok(response.status < 300, `fixture request failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
};
const PASSWORD = 'correct horse battery staple';
const REDIRECT_URI = 'http://app.example/callback';
const suffix = randomBytes(3).toString('hex');
const user = (name: string) =>
  ok<{ id: string; username: string }>(
    gh.api('POST', '/api/users', { username: `${name}-${suffix}`, primaryEmail: `${name}-${suffix}@example.com`, password: PASSWORD }),
  );
async function join(organizationId: string, userId: string, roleId: string) {
  await ok(gh.api('POST', `/api/organizations/${organizationId}/users`, { userIds: [userId] }));
  await ok(gh.api('POST', `/api/organizations/${organizationId}/users/${userId}/roles`, { organizationRoleIds: [roleId] }));
}

/** A browser: fetch with a cookie jar, following redirects by hand so the callback can be caught. */
function browser() {
  const cookies = new Map<string, string>();
  const guildhallOrigin = new URL(gh.config.endpoint).origin;
  // Guildhall is configured as http://localhost:3001 but listens elsewhere: map its absolute URLs.
  const resolve = (location: string, base: string) => {
    const url = new URL(location, base);
    return url.origin === guildhallOrigin ? new URL(url.pathname + url.search, guildhallUrl) : url;
  };
  const request = async (url: URL, form?: Record<string, string>) => {
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form) : undefined,
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) cookies.delete(name);
      else cookies.set(name, value);
    }
    return response;
  };
  /** Follows redirects within Guildhall; returns the page, or the URL it sent the browser back to. */
  const follow = async (start: URL, form?: Record<string, string>): Promise<{ page: string; url: URL } | { callback: URL }> => {
    let url = start;
    let response = await request(url, form);
    for (let hops = 0; hops < 10; hops++) {
      if (response.status < 300 || response.status >= 400) return { page: await response.text(), url };
      url = resolve(response.headers.get('location')!, url.href);
      if (url.href.startsWith(REDIRECT_URI)) return { callback: url };
      response = await request(url);
    }
    throw new Error('too many redirects');
  };
  return { follow };
}

const ORGANIZATIONS_RESOURCE = 'urn:logto:resource:organizations';
const SCOPE = 'openid offline_access urn:logto:scope:organizations invite:users remove:users';

async function tokenEndpoint(form: Record<string, string>) {
  const response = await fetch(`${guildhallUrl}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

/** Signs in through the hosted pages (authorization code + PKCE); returns the session. */
async function signIn(clientId: string, username: string): Promise<Session> {
  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URL('/oidc/auth', guildhallUrl);
  authorize.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: SCOPE,
    resource: ORGANIZATIONS_RESOURCE,
    state: randomBytes(8).toString('hex'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const session = browser();
  const signInPage = await session.follow(authorize);
  assert.ok('page' in signInPage, 'expected the sign-in page');
  const action = /<form[^>]*action="([^"]+\/login)"/.exec(signInPage.page)?.[1];
  assert.ok(action, `no sign-in form in:\n${signInPage.page.slice(0, 500)}`);
  const done = await session.follow(new URL(action.replaceAll('&amp;', '&'), signInPage.url), { identifier: username, password: PASSWORD });
  assert.ok('callback' in done, `sign-in did not return to the application: ${'page' in done ? done.page.slice(0, 500) : ''}`);
  const code = done.callback.searchParams.get('code');
  assert.ok(code, `no code in ${done.callback}`);
  const tokens = await tokenEndpoint({ grant_type: 'authorization_code', client_id: clientId, code, code_verifier: verifier, redirect_uri: REDIRECT_URI });
  assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
  assert.ok(tokens.body.refresh_token, 'offline_access gives a refresh token');
  return { clientId, refreshToken: tokens.body.refresh_token };
}

/** A signed-in user's session: the refresh token, replaced as Guildhall rotates it. */
interface Session {
  clientId: string;
  refreshToken: string;
}

/** An organization token from the refresh_token grant with organization_id; keeps the rotated refresh token. */
async function organizationToken(session: Session, organizationId: string) {
  const response = await tokenEndpoint({
    grant_type: 'refresh_token',
    client_id: session.clientId,
    refresh_token: session.refreshToken,
    organization_id: organizationId,
  });
  if (response.body.refresh_token) session.refreshToken = response.body.refresh_token;
  return response;
}

async function tokenFor(session: Session, organizationId: string): Promise<string> {
  const response = await organizationToken(session, organizationId);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.access_token!;
}

async function call(service: string, method: 'POST' | 'DELETE', path: string, token: string | undefined, body?: unknown) {
  const response = await fetch(`${service}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

const memberIds = async (organizationId: string) =>
  ((await ok<Array<{ id: string; organizationRoles: Array<{ name: string }> }>>(gh.api('GET', `/api/organizations/${organizationId}/users`))) ?? []);

describe('organization RBAC example, end to end', async () => {
  const first = await runSetup();
  const second = await runSetup();
  const { roleIds } = first.template;

  const spa = await ok<{ id: string }>(
    gh.api('POST', '/api/applications', {
      name: 'Example SPA',
      type: 'SPA',
      oidcClientMetadata: { redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [] },
    }),
  );
  const [acme, globex] = [
    await ok<{ id: string }>(gh.api('POST', '/api/organizations', { name: 'Acme' })),
    await ok<{ id: string }>(gh.api('POST', '/api/organizations', { name: 'Globex' })),
  ];
  const [admin, member, outsider, suspendedAdmin, invitee, inviteeByEmail] = await Promise.all(
    ['admin', 'member', 'outsider', 'suspended', 'invitee', 'invitee-mail'].map(user),
  );
  await join(acme.id, admin!.id, roleIds.admin!);
  await join(acme.id, member!.id, roleIds.member!);
  await join(acme.id, suspendedAdmin!.id, roleIds.admin!);
  await join(globex.id, outsider!.id, roleIds.admin!);

  const { url: service } = await startService();
  const refresh = {
    admin: await signIn(spa.id, admin!.username),
    member: await signIn(spa.id, member!.username),
    outsider: await signIn(spa.id, outsider!.username),
    suspendedAdmin: await signIn(spa.id, suspendedAdmin!.username),
  };

  it('setup is idempotent: a second run finds the same permissions and roles', () => {
    assert.deepEqual(second.template, first.template);
    assert.ok(first.lines.some((line) => line.startsWith('created role admin')));
    assert.ok(second.lines.filter((line) => line.startsWith('found')).length === 4, second.lines.join('\n'));
  });

  it('gives each role its permissions in the organization token', async () => {
    const adminToken = await organizationToken(refresh.admin, acme.id);
    assert.deepEqual(adminToken.body.scope!.split(' ').sort(), ['invite:users', 'remove:users']);
    const memberToken = await organizationToken(refresh.member, acme.id);
    assert.equal(memberToken.body.scope, 'invite:users');
  });

  it('lets the admin invite (by email and by id) and remove', async () => {
    const token = await tokenFor(refresh.admin, acme.id);
    const byEmail = await call(service, 'POST', `/organizations/${acme.id}/members`, token, { email: `INVITEE-MAIL-${suffix}@example.com` });
    assert.equal(byEmail.status, 201, JSON.stringify(byEmail.body));
    assert.deepEqual(byEmail.body, { organizationId: acme.id, userId: inviteeByEmail!.id, roles: ['member'], invitedBy: admin!.id });
    const byId = await call(service, 'POST', `/organizations/${acme.id}/members`, token, { userId: invitee!.id });
    assert.equal(byId.status, 201, JSON.stringify(byId.body));
    const invited = (await memberIds(acme.id)).find((m) => m.id === invitee!.id);
    assert.deepEqual(invited?.organizationRoles.map((role) => role.name), ['member']);

    const removed = await call(service, 'DELETE', `/organizations/${acme.id}/members/${invitee!.id}`, token);
    assert.equal(removed.status, 204);
    assert.ok(!(await memberIds(acme.id)).some((m) => m.id === invitee!.id), 'the user is no longer a member');

    const again = await call(service, 'DELETE', `/organizations/${acme.id}/members/${invitee!.id}`, token);
    assert.equal(again.status, 404, 'removing a non-member surfaces Guildhall’s 404');
    const unknown = await call(service, 'POST', `/organizations/${acme.id}/members`, token, { email: 'nobody@example.com' });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'user_not_found');
  });

  it('lets the member invite, and answers 403 insufficient_scope on remove', async () => {
    const token = await tokenFor(refresh.member, acme.id);
    const invited = await call(service, 'POST', `/organizations/${acme.id}/members`, token, { userId: invitee!.id });
    assert.equal(invited.status, 201, JSON.stringify(invited.body));
    const removal = await call(service, 'DELETE', `/organizations/${acme.id}/members/${invitee!.id}`, token);
    assert.equal(removal.status, 403);
    assert.equal(removal.body.code, 'insufficient_scope');
    assert.match(removal.headers.get('www-authenticate') ?? '', /error="insufficient_scope".*scope="remove:users"/);
    assert.ok((await memberIds(acme.id)).some((m) => m.id === invitee!.id), 'the invitee is still a member');
  });

  it('answers 403 to a user of another organization, who also gets no token for it', async () => {
    const globexToken = await tokenFor(refresh.outsider, globex.id);
    for (const [method, path] of [
      ['POST', `/organizations/${acme.id}/members`],
      ['DELETE', `/organizations/${acme.id}/members/${member!.id}`],
    ] as const) {
      const response = await call(service, method, path, globexToken, method === 'POST' ? { userId: outsider!.id } : undefined);
      assert.equal(response.status, 403, `${method} ${path}`);
      assert.equal(response.body.code, 'organization_mismatch');
    }
    const acmeToken = await organizationToken(refresh.outsider, acme.id);
    assert.equal(acmeToken.status, 403);
    assert.equal(acmeToken.body.error, 'access_denied');
    assert.ok(!(await memberIds(acme.id)).some((m) => m.id === outsider!.id));
  });

  it('answers 401 without a token or with a token that is not an organization token', async () => {
    const none = await call(service, 'POST', `/organizations/${acme.id}/members`, undefined, { userId: invitee!.id });
    assert.equal(none.status, 401);
    assert.equal(none.body.code, 'missing_token');
    const forged = await call(service, 'POST', `/organizations/${acme.id}/members`, 'not.a.token', { userId: invitee!.id });
    assert.equal(forged.status, 401);
  });

  it('gives a suspended admin no organization token (403 access_denied)', async () => {
    assert.equal((await organizationToken(refresh.suspendedAdmin, acme.id)).status, 200, 'active before suspension');
    await ok(gh.api('PATCH', `/api/organizations/${acme.id}/users/${suspendedAdmin!.id}`, { status: 'Suspended' }));
    const refused = await organizationToken(refresh.suspendedAdmin, acme.id);
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    assert.equal(refused.body.error, 'access_denied');
  });
});
