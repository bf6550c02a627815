import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';

const gh = await startGuildhall();
const a = given(gh);
const ids = (rows: Array<{ id: string }>) => rows.map((row) => row.id).sort();
const role = async (fields: Record<string, unknown> = {}) => {
  const response = await gh.api('POST', '/api/roles', { name: a.unique('role'), description: 'A role', ...fields });
  assert.equal(response.status, 200, response.text);
  return response.body;
};

describe('/api/roles', () => {
  it('creates (200) with initial scopes, reads, updates and deletes a role', async () => {
    const scope = await a.resourceScope();
    const created = await gh.api('POST', '/api/roles', {
      name: a.unique('viewer'),
      description: 'Reads things',
      scopeIds: [scope.id, scope.id],
    });
    assert.equal(created.status, 200, created.text);
    assert.deepEqual(Object.keys(created.body).sort(), ['description', 'id', 'isDefault', 'name', 'tenantId', 'type']);
    assert.equal(created.body.type, 'User');
    assert.equal(created.body.tenantId, 'default');
    assert.deepEqual(ids((await gh.api('GET', `/api/roles/${created.body.id}/scopes`)).body), [scope.id]);

    assert.deepEqual((await gh.api('GET', `/api/roles/${created.body.id}`)).body, created.body);
    const patched = await gh.api('PATCH', `/api/roles/${created.body.id}`, { description: 'Reads everything', type: 'MachineToMachine' });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.description, 'Reads everything');
    assert.equal(patched.body.type, 'MachineToMachine');

    assert.equal((await gh.api('DELETE', `/api/roles/${created.body.id}`)).status, 204);
    for (const [method, body] of [['GET', undefined], ['PATCH', { name: 'x' }], ['DELETE', undefined]] as const) {
      const response = await gh.api(method, `/api/roles/${created.body.id}`, body);
      assert.equal(response.status, 404, method);
      assert.equal(response.body.code, 'entity.not_exists_with_id');
    }
  });

  it('requires a description, refuses a taken name (422 role.name_in_use) and unknown scopes (422, nothing created)', async () => {
    for (const body of [{ name: 'x' }, { name: 'x', description: '' }, { description: 'x' }, { name: 'x', description: 'd', type: 'Robot' }]) {
      const response = await gh.api('POST', '/api/roles', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.code, 'guard.invalid_input');
    }
    const first = await role();
    const duplicate = await gh.api('POST', '/api/roles', { name: first.name, description: 'again' });
    assert.equal(duplicate.status, 422);
    assert.equal(duplicate.body.code, 'role.name_in_use');
    const second = await role();
    const rename = await gh.api('PATCH', `/api/roles/${second.id}`, { name: first.name });
    assert.equal(rename.status, 422);
    assert.equal(rename.body.code, 'role.name_in_use');

    const name = a.unique('ghost');
    const unknown = await gh.api('POST', '/api/roles', { name, description: 'd', scopeIds: ['missing'] });
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.code, 'entity.relation_foreign_key_not_found');
    assert.deepEqual((await gh.api('GET', `/api/roles?search=${name}`)).body, []);
  });

  it('protects the built-in roles: no delete, no type change, cannot lose `all` (422 role.protected)', async () => {
    for (const id of ['management-api-m2m', 'admin']) {
      const del = await gh.api('DELETE', `/api/roles/${id}`);
      assert.equal(del.status, 422, id);
      assert.equal(del.body.code, 'role.protected');
      const current = (await gh.api('GET', `/api/roles/${id}`)).body;
      const retype = await gh.api('PATCH', `/api/roles/${id}`, { type: current.type === 'User' ? 'MachineToMachine' : 'User' });
      assert.equal(retype.status, 422);
      assert.equal(retype.body.code, 'role.protected');
      const dropAll = await gh.api('DELETE', `/api/roles/${id}/scopes/management-api-all`);
      assert.equal(dropAll.status, 422);
      assert.equal(dropAll.body.code, 'role.protected');
    }
    const description = await gh.api('PATCH', '/api/roles/admin', { description: 'Console administrators' });
    assert.equal(description.status, 200);
  });

  it('refuses a type change while the role is assigned (422 role.type_in_use)', async () => {
    const userRole = await role({ type: 'User' });
    const user = await a.user();
    assert.equal((await gh.api('POST', `/api/roles/${userRole.id}/users`, { userIds: [user.id] })).status, 201);
    const response = await gh.api('PATCH', `/api/roles/${userRole.id}`, { type: 'MachineToMachine' });
    assert.equal(response.status, 422);
    assert.equal(response.body.code, 'role.type_in_use');
  });

  it('lists by name with counts, paginated, searchable and filterable', async () => {
    const tag = a.unique('lst');
    const m2m = await role({ name: `${tag}-b`, type: 'MachineToMachine' });
    const user = await role({ name: `${tag}-a` });
    await role({ name: `${tag}-c`, description: 'third' });
    const app = await a.m2mApp();
    await gh.api('POST', `/api/roles/${m2m.id}/applications`, { applicationIds: [app.id] });
    const alice = await a.user();
    const bob = await a.user();
    await gh.api('POST', `/api/roles/${user.id}/users`, { userIds: [alice.id, bob.id] });

    const list = await gh.api('GET', `/api/roles?search=${tag}&page_size=2`);
    assert.equal(list.status, 200);
    assert.equal(list.headers['total-number'], '3');
    assert.deepEqual(list.body.map((r: { name: string }) => r.name), [`${tag}-a`, `${tag}-b`]);
    assert.equal(list.body[0].usersCount, 2);
    assert.equal(list.body[0].applicationsCount, 0);
    assert.equal(list.body[1].applicationsCount, 1);

    const m2mOnly = await gh.api('GET', `/api/roles?search=${tag}&type=MachineToMachine`);
    assert.deepEqual(ids(m2mOnly.body), [m2m.id]);
    const excluding = await gh.api('GET', `/api/roles?search=${tag}&excludeUserId=${alice.id}`);
    assert.equal(excluding.body.some((r: { id: string }) => r.id === user.id), false);
    const excludingApp = await gh.api('GET', `/api/roles?search=${tag}&excludeApplicationId=${app.id}`);
    assert.equal(excludingApp.body.some((r: { id: string }) => r.id === m2m.id), false);
    assert.equal((await gh.api('GET', '/api/roles?page_size=0')).body.code, 'guard.invalid_pagination');
  });
});

describe('/api/roles/:id/scopes', () => {
  it('adds idempotently (201), lists, removes (204/404), and loses a deleted API scope', async () => {
    const target = await role();
    const resource = await a.resource();
    const [s1, s2] = [await a.resourceScope({ resourceId: resource.id }), await a.resourceScope({ resourceId: resource.id })];
    const url = `/api/roles/${target.id}/scopes`;
    assert.equal((await gh.api('POST', url, { scopeIds: [s1.id] })).status, 201);
    assert.equal((await gh.api('POST', url, { scopeIds: [s1.id, s2.id] })).status, 201);
    const list = await gh.api('GET', url);
    assert.equal(list.headers['total-number'], '2');
    assert.deepEqual(ids(list.body), ids([s1, s2]));
    assert.equal(list.body[0].resourceId, resource.id);

    const unknown = await gh.api('POST', url, { scopeIds: ['missing'] });
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.code, 'entity.relation_foreign_key_not_found');
    assert.equal((await gh.api('POST', url, { scopeIds: [] })).body.code, 'guard.invalid_input');
    assert.equal((await gh.api('POST', '/api/roles/missing/scopes', { scopeIds: [s1.id] })).status, 404);

    assert.equal((await gh.api('DELETE', `/api/resources/${resource.id}/scopes/${s2.id}`)).status, 204);
    assert.deepEqual(ids((await gh.api('GET', url)).body), [s1.id]);
    assert.equal((await gh.api('DELETE', `${url}/${s1.id}`)).status, 204);
    const again = await gh.api('DELETE', `${url}/${s1.id}`);
    assert.equal(again.status, 404);
    assert.equal(again.body.code, 'entity.not_found');
  });
});

describe('roles of users', () => {
  it('assigns User roles to users from both sides, replaces, removes', async () => {
    const [r1, r2] = [await role(), await role()];
    const m2m = await role({ type: 'MachineToMachine' });
    const [alice, bob] = [await a.user(), await a.user()];

    assert.equal((await gh.api('POST', `/api/roles/${r1.id}/users`, { userIds: [alice.id, bob.id] })).status, 201);
    assert.equal((await gh.api('POST', `/api/roles/${r1.id}/users`, { userIds: [alice.id] })).status, 201, 'idempotent');
    const users = await gh.api('GET', `/api/roles/${r1.id}/users`);
    assert.deepEqual(ids(users.body), ids([alice, bob]));
    assert.equal(users.body[0].passwordDigest, undefined);
    assert.equal(typeof users.body[0].hasPassword, 'boolean');

    const wrongType = await gh.api('POST', `/api/roles/${m2m.id}/users`, { userIds: [alice.id] });
    assert.equal(wrongType.status, 422);
    assert.equal(wrongType.body.code, 'entity.db_constraint_violated');
    const unknownUser = await gh.api('POST', `/api/roles/${r1.id}/users`, { userIds: ['nobody'] });
    assert.equal(unknownUser.status, 422);
    assert.equal(unknownUser.body.code, 'entity.relation_foreign_key_not_found');

    const url = `/api/users/${alice.id}/roles`;
    assert.equal((await gh.api('POST', url, { roleIds: [r2.id] })).status, 201);
    assert.deepEqual(ids((await gh.api('GET', url)).body), ids([r1, r2]));
    const viaUser = await gh.api('POST', url, { roleIds: [m2m.id] });
    assert.equal(viaUser.status, 422);
    assert.equal(viaUser.body.code, 'entity.db_constraint_violated');
    assert.equal((await gh.api('PUT', url, { roleIds: [r2.id] })).status, 204);
    assert.deepEqual(ids((await gh.api('GET', url)).body), [r2.id]);
    assert.equal((await gh.api('DELETE', `${url}/${r2.id}`)).status, 204);
    assert.equal((await gh.api('DELETE', `${url}/${r2.id}`)).body.code, 'entity.not_found');
    assert.deepEqual((await gh.api('GET', url)).body, []);

    assert.equal((await gh.api('DELETE', `/api/roles/${r1.id}/users/${bob.id}`)).status, 204);
    assert.deepEqual(ids((await gh.api('GET', `/api/roles/${r1.id}/users`)).body), []);
    const missingUser = await gh.api('GET', '/api/users/nobody/roles');
    assert.equal(missingUser.status, 404);
    assert.equal(missingUser.body.code, 'entity.not_exists_with_id');
  });
});

describe('roles of applications', () => {
  it('assigns MachineToMachine roles to machine-to-machine apps only', async () => {
    const m2m = await role({ type: 'MachineToMachine' });
    const userRole = await role();
    const app = await a.m2mApp();
    const spa = await a.application({ type: 'SPA' });

    assert.equal((await gh.api('POST', `/api/roles/${m2m.id}/applications`, { applicationIds: [app.id] })).status, 201);
    const apps = await gh.api('GET', `/api/roles/${m2m.id}/applications`);
    assert.deepEqual(ids(apps.body), [app.id]);
    assert.equal(apps.body[0].secret, undefined);

    const notM2m = await gh.api('POST', `/api/roles/${m2m.id}/applications`, { applicationIds: [spa.id] });
    assert.equal(notM2m.status, 422);
    assert.equal(notM2m.body.code, 'application.invalid_type');
    const wrongRole = await gh.api('POST', `/api/applications/${app.id}/roles`, { roleIds: [userRole.id] });
    assert.equal(wrongRole.status, 422);
    assert.equal(wrongRole.body.code, 'entity.db_constraint_violated');

    const url = `/api/applications/${app.id}/roles`;
    assert.deepEqual(ids((await gh.api('GET', url)).body), [m2m.id]);
    assert.equal((await gh.api('PUT', url, { roleIds: [] })).status, 204);
    assert.deepEqual((await gh.api('GET', `/api/roles/${m2m.id}/applications`)).body, []);
    assert.equal((await gh.api('DELETE', `/api/roles/${m2m.id}/applications/${app.id}`)).status, 404);
    assert.equal((await gh.api('GET', '/api/applications/nope/roles')).status, 404);
  });

  it('grants an app Management API access through the built-in role', async () => {
    const app = await a.m2mApp();
    const token = async () => {
      const response = await gh.inject({
        method: 'POST',
        url: '/oidc/token',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${app.id}:${app.secret}`).toString('base64')}`,
        },
        payload: new URLSearchParams({ grant_type: 'client_credentials', resource: 'http://localhost:3001/api', scope: 'all' }).toString(),
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as { access_token: string; scope?: string };
    };
    const call = async (accessToken: string) =>
      gh.inject({ method: 'GET', url: '/api/roles', headers: { authorization: `Bearer ${accessToken}` } });

    const before = await token();
    assert.equal(before.scope, undefined);
    assert.equal((await call(before.access_token)).statusCode, 403);

    const assigned = await gh.api('POST', `/api/applications/${app.id}/roles`, { roleIds: ['management-api-m2m'] });
    assert.equal(assigned.status, 201);
    const after = await token();
    assert.equal(after.scope, 'all');
    const response = await call(after.access_token);
    assert.equal(response.statusCode, 200, response.body);
    assert.ok((response.json() as Array<{ id: string }>).some((r) => r.id === 'management-api-m2m'));

    // Revoking the role takes the access away from the next token.
    assert.equal((await gh.api('DELETE', `/api/applications/${app.id}/roles/management-api-m2m`)).status, 204);
    assert.equal((await token()).scope, undefined);
  });
});
