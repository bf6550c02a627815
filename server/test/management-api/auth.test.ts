import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignJWT, generateKeyPair } from 'jose';
import { sql } from 'kysely';
import { bootstrap } from '../../src/management-api/bootstrap.ts';
import { startGuildhall } from '../support/guildhall.ts';

const gh = await startGuildhall();

function tokenRequest(body: Record<string, string>, headers: Record<string, string> = {}) {
  return gh.inject({
    method: 'POST',
    url: '/oidc/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(body).toString(),
  });
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const get = (authorization?: string) =>
  gh.inject({ method: 'GET', url: '/api/users', headers: authorization ? { authorization } : {} });

describe('Management API authentication', () => {
  it('issues a client-credentials JWT by HTTP Basic and by form, and accepts it', async () => {
    const viaBasic = await tokenRequest(
      { grant_type: 'client_credentials', resource: 'http://localhost:3001/api', scope: 'all' },
      { authorization: basic(gh.admin.id, gh.admin.secret) },
    );
    assert.equal(viaBasic.statusCode, 200, viaBasic.body);
    const viaForm = await tokenRequest({
      grant_type: 'client_credentials',
      resource: 'http://localhost:3001/api',
      scope: 'all',
      client_id: gh.admin.id,
      client_secret: gh.admin.secret,
    });
    assert.equal(viaForm.statusCode, 200, viaForm.body);
    const { access_token, token_type, scope } = viaForm.json();
    assert.equal(token_type, 'Bearer');
    assert.equal(scope, 'all');
    assert.equal((await get(`Bearer ${access_token}`)).statusCode, 200);
  });

  it('answers 401 auth.unauthorized without a token, with a malformed one, or a forged one', async () => {
    for (const header of [undefined, 'Bearer', 'Bearer abc', 'Basic Zm9vOmJhcg==', 'Bearer a.b.c']) {
      const response = await get(header);
      assert.equal(response.statusCode, 401, String(header));
      assert.equal(response.json().code, 'auth.unauthorized');
    }
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const forged = await new SignJWT({ scope: 'all', client_id: 'x' })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'whatever' })
      .setIssuer('http://localhost:3001/oidc')
      .setAudience('http://localhost:3001/api')
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(privateKey);
    assert.equal((await get(`Bearer ${forged}`)).json().code, 'auth.unauthorized');
  });

  it('rejects alg none, another audience and an expired token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ iss: 'http://localhost:3001/oidc', aud: 'http://localhost:3001/api', sub: 'x', scope: 'all', exp: 9e9 }),
    ).toString('base64url');
    assert.equal((await get(`Bearer ${header}.${payload}.`)).statusCode, 401);

    const real = await gh.managementToken();
    const [h, p, s] = real.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const tampered = Buffer.from(JSON.stringify({ ...claims, aud: 'https://other.example/api' })).toString('base64url');
    assert.equal((await get(`Bearer ${h}.${tampered}.${s}`)).statusCode, 401);
    const expired = Buffer.from(JSON.stringify({ ...claims, exp: 1 })).toString('base64url');
    assert.equal((await get(`Bearer ${h}.${expired}.${s}`)).statusCode, 401);
  });

  it('answers 403 auth.forbidden to a token without the all scope', async () => {
    const app = (await gh.api('POST', '/api/applications', { name: 'no access', type: 'MachineToMachine' })).body;
    const token = await tokenRequest(
      { grant_type: 'client_credentials', resource: 'http://localhost:3001/api', scope: 'all' },
      { authorization: basic(app.id, app.secret) },
    );
    assert.equal(token.statusCode, 200, token.body);
    assert.equal(token.json().scope, undefined, 'an app without the role gets no scope');
    const response = await get(`Bearer ${token.json().access_token}`);
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().code, 'auth.forbidden');
  });

  it('lets a token with the read scope read everything but application secrets, and change nothing', async () => {
    const app = (await gh.api('POST', '/api/applications', { name: 'dashboard', type: 'MachineToMachine' })).body;
    const role = await gh.api('POST', '/api/roles/management-m2m-read/applications', { applicationIds: [app.id] });
    assert.equal(role.status, 201, role.text);
    const token = await tokenRequest(
      { grant_type: 'client_credentials', resource: 'http://localhost:3001/api', scope: 'all read' },
      { authorization: basic(app.id, app.secret) },
    );
    assert.equal(token.statusCode, 200, token.body);
    assert.equal(token.json().scope, 'read', 'the role grants read, not all');
    const authorization = `Bearer ${token.json().access_token}`;
    const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      gh.inject({ method, url, headers: { authorization }, ...(payload ? { payload } : {}) });

    for (const url of ['/api/users', '/api/organizations', '/api/organization-roles', `/api/applications/${app.id}`, '/api/configs/id-token']) {
      assert.equal((await call('GET', url)).statusCode, 200, url);
    }
    const organization = (await gh.api('POST', '/api/organizations', { name: 'Read only' })).body;
    for (const [method, url, payload] of [
      ['GET', `/api/applications/${app.id}/secrets`, undefined],
      ['POST', '/api/organizations', { name: 'Not allowed' }],
      ['PATCH', `/api/organizations/${organization.id}`, { name: 'Renamed' }],
      ['DELETE', `/api/organizations/${organization.id}`, undefined],
    ] as const) {
      const response = await call(method, url, payload);
      assert.equal(response.statusCode, 403, `${method} ${url}`);
      assert.equal(response.json().code, 'auth.forbidden');
    }
    assert.equal((await gh.api('GET', `/api/organizations/${organization.id}`)).body.name, 'Read only', 'nothing changed');
  });

  it('lets organizations:write manage organization RBAC and nothing else, and organizations:read read it', async () => {
    const tokenWith = async (scope: string) => {
      const role = await gh.api('POST', '/api/roles', {
        name: `provisioning ${scope} ${Math.random()}`,
        description: 'test',
        type: 'MachineToMachine',
        scopeIds: [`management-orgs-${scope.split(':')[1]}`],
      });
      assert.equal(role.status, 200, role.text);
      const app = (await gh.api('POST', '/api/applications', { name: `provisioning ${scope}`, type: 'MachineToMachine' })).body;
      assert.equal((await gh.api('POST', `/api/roles/${role.body.id}/applications`, { applicationIds: [app.id] })).status, 201);
      const token = await tokenRequest(
        { grant_type: 'client_credentials', resource: 'http://localhost:3001/api', scope: `all read ${scope}` },
        { authorization: basic(app.id, app.secret) },
      );
      assert.equal(token.statusCode, 200, token.body);
      assert.equal(token.json().scope, scope, 'the role grants only its scope');
      const authorization = `Bearer ${token.json().access_token}`;
      return (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
        gh.inject({ method, url, headers: { authorization }, ...(payload ? { payload } : {}) });
    };
    const forbidden = async (response: Promise<{ statusCode: number; json(): any }>, what: string) => {
      const { statusCode, json } = await response;
      assert.equal(statusCode, 403, what);
      assert.equal(json().code, 'auth.forbidden', what);
    };
    const user = (await gh.api('POST', '/api/users', { username: `member${Date.now()}` })).body;

    // A provisioning service: organizations, template, members, roles, invitations.
    const write = await tokenWith('organizations:write');
    const organization = await write('POST', '/api/organizations', { name: 'Provisioned' });
    assert.equal(organization.statusCode, 201, organization.body);
    const orgId = organization.json().id;
    const scope = await write('POST', '/api/organization-scopes', { name: `read:things${Date.now()}` });
    assert.equal(scope.statusCode, 201, scope.body);
    const role = await write('POST', '/api/organization-roles', { name: `member${Date.now()}`, organizationScopeIds: [scope.json().id] });
    assert.equal(role.statusCode, 201, role.body);
    assert.equal((await write('POST', `/api/organizations/${orgId}/users`, { userIds: [user.id] })).statusCode, 201);
    assert.equal(
      (await write('POST', `/api/organizations/${orgId}/users/${user.id}/roles`, { organizationRoleIds: [role.json().id] })).statusCode,
      201,
    );
    const invitation = await write('POST', '/api/organization-invitations', {
      organizationId: orgId,
      invitee: `someone${Date.now()}@example.com`,
      expiresAt: Date.now() + 3_600_000,
    });
    assert.equal(invitation.statusCode, 201, invitation.body);
    assert.equal((await write('GET', `/api/organizations/${orgId}/users`)).json()[0].id, user.id);
    assert.equal((await write('PATCH', `/api/organizations/${orgId}`, { name: 'Renamed' })).statusCode, 200);
    // …and nothing outside organization RBAC: users, applications, global roles, APIs, configuration.
    for (const [method, url, payload] of [
      ['GET', '/api/users', undefined],
      ['PATCH', `/api/users/${user.id}/password`, { password: 'another long password' }],
      ['GET', `/api/users/${user.id}/organizations`, undefined],
      ['GET', '/api/applications', undefined],
      ['POST', '/api/roles', { name: 'escalate', type: 'MachineToMachine', scopeIds: ['management-api-all'] }],
      ['POST', '/api/roles/management-api-m2m/applications', { applicationIds: ['anything'] }],
      ['GET', '/api/resources', undefined],
      ['PUT', '/api/configs/id-token', { enabledExtendedClaims: [] }],
      ['GET', '/api/hooks', undefined],
      ['GET', '/api/audit-logs', undefined],
    ] as const) {
      await forbidden(write(method, url, payload), `organizations:write ${method} ${url}`);
    }

    const read = await tokenWith('organizations:read');
    for (const url of ['/api/organizations', `/api/organizations/${orgId}/users`, '/api/organization-roles', '/api/organization-scopes', '/api/organization-invitations']) {
      assert.equal((await read('GET', url)).statusCode, 200, `organizations:read GET ${url}`);
    }
    for (const [method, url, payload] of [
      ['POST', '/api/organizations', { name: 'Not allowed' }],
      ['PATCH', `/api/organizations/${orgId}`, { name: 'Not allowed' }],
      ['DELETE', `/api/organizations/${orgId}/users/${user.id}`, undefined],
      ['POST', '/api/organization-roles', { name: 'not allowed' }],
      ['GET', '/api/users', undefined],
    ] as const) {
      await forbidden(read(method, url, payload), `organizations:read ${method} ${url}`);
    }
    assert.equal((await gh.api('GET', `/api/organizations/${orgId}`)).body.name, 'Renamed', 'the reader changed nothing');
    assert.equal((await gh.api('GET', `/api/organizations/${orgId}/users`)).body.length, 1);
  });

  it("protects the Management API's own scopes: all, read and the areas'", async () => {
    const scopes = (await gh.api('GET', '/api/resources/management-api/scopes')).body as Array<{ id: string; name: string }>;
    assert.deepEqual(scopes.map((scope) => scope.name).sort(), ['all', 'organizations:read', 'organizations:write', 'read']);
    for (const area of scopes.filter((scope) => scope.name.startsWith('organizations:'))) {
      assert.equal((await gh.api('PATCH', `/api/resources/management-api/scopes/${area.id}`, { name: 'other' })).body.code, 'resource.protected');
      assert.equal((await gh.api('DELETE', `/api/resources/management-api/scopes/${area.id}`)).body.code, 'resource.protected');
    }
    const read = scopes.find((scope) => scope.name === 'read')!;
    const renamed = await gh.api('PATCH', `/api/resources/management-api/scopes/${read.id}`, { name: 'write' });
    assert.equal(renamed.status, 422);
    assert.equal(renamed.body.code, 'resource.protected');
    assert.equal((await gh.api('DELETE', `/api/resources/management-api/scopes/${read.id}`)).body.code, 'resource.protected');
    // And its built-in role keeps it.
    assert.equal((await gh.api('DELETE', '/api/roles/management-m2m-read')).body.code, 'role.protected');
    assert.equal((await gh.api('DELETE', `/api/roles/management-m2m-read/scopes/${read.id}`)).body.code, 'role.protected');
    assert.equal((await gh.api('PATCH', '/api/roles/management-m2m-read', { type: 'User' })).body.code, 'role.protected');
  });

  it('starts on an installation from before the read scope whose role or scope names are taken', async () => {
    // As an older installation could be: no built-in read role or scope, and both names in use.
    await sql`delete from roles where id = 'management-m2m-read'`.execute(gh.context.db);
    await sql`delete from scopes where id = 'management-api-read'`.execute(gh.context.db);
    const role = await gh.api('POST', '/api/roles', { name: 'Management API read access', description: 'made by hand', type: 'MachineToMachine' });
    assert.equal(role.status, 200, role.text);
    const scope = await gh.api('POST', '/api/resources/management-api/scopes', { name: 'read', description: 'made by hand' });
    assert.equal(scope.status, 201, scope.text);

    await bootstrap(gh.context.db, gh.config);
    const roles = await sql<{ id: string }>`select id from roles where name = 'Management API read access'`.execute(gh.context.db);
    assert.deepEqual(roles.rows.map((row) => row.id), [role.body.id], 'the hand-made role is kept, and no second one made');
    const scopes = (await gh.api('GET', '/api/resources/management-api/scopes')).body as Array<{ id: string; name: string }>;
    assert.deepEqual(scopes.filter((s) => s.name === 'read').map((s) => s.id), [scope.body.id]);
  });

  it('refuses a wrong client secret at the token endpoint', async () => {
    const response = await tokenRequest(
      { grant_type: 'client_credentials', resource: 'http://localhost:3001/api', scope: 'all' },
      { authorization: basic(gh.admin.id, 'wrong-secret-wrong-secret') },
    );
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().error, 'invalid_client');
  });

  it('keeps /api/status public', async () => {
    assert.equal((await gh.inject({ method: 'GET', url: '/api/status' })).statusCode, 204);
  });
});
