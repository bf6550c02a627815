import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';

const gh = await startGuildhall();
const a = given(gh);
const ids = (rows: Array<{ id: string }>) => rows.map((row) => row.id).sort();

describe('/api/organization-roles', () => {
  it('creates a role (201) with its initial scopes and returns the plain role', async () => {
    const read = await a.organizationScope({ name: a.unique('b-read:') });
    const write = await a.organizationScope({ name: a.unique('a-write:') });
    const created = await gh.api('POST', '/api/organization-roles', {
      name: a.unique('editor'),
      description: 'Edits things',
      type: 'MachineToMachine',
      organizationScopeIds: [read.id, write.id, read.id],
    });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(Object.keys(created.body).sort(), ['description', 'id', 'name', 'tenantId', 'type']);
    assert.equal(created.body.type, 'MachineToMachine');
    assert.equal(created.body.tenantId, 'default');

    const scopes = await gh.api('GET', `/api/organization-roles/${created.body.id}/scopes`);
    assert.equal(scopes.status, 200);
    // Ordered by name.
    assert.deepEqual(scopes.body.map((scope: { id: string }) => scope.id), [write.id, read.id]);
    assert.equal(scopes.body[0].tenantId, 'default');

    const plain = await gh.api('GET', `/api/organization-roles/${created.body.id}`);
    assert.equal(plain.status, 200);
    assert.deepEqual(plain.body, created.body);
    const defaults = await a.organizationRole();
    assert.equal(defaults.type, 'User');
    assert.equal(defaults.description, null);
  });

  it('rolls the role back when an initial scope id is unknown (422)', async () => {
    const scope = await a.organizationScope();
    const name = a.unique('ghost');
    for (const body of [
      { name, organizationScopeIds: [scope.id, 'unknown-scope'] },
      { name, resourceScopeIds: ['unknown-scope'] },
    ]) {
      const response = await gh.api('POST', '/api/organization-roles', body);
      assert.equal(response.status, 422);
      assert.equal(response.body.code, 'entity.relation_foreign_key_not_found');
    }
    const list = await gh.api('GET', `/api/organization-roles?q=${name}`);
    assert.deepEqual(list.body, []);
    // The name is free: nothing was left behind.
    assert.equal((await gh.api('POST', '/api/organization-roles', { name })).status, 201);
  });

  it('refuses a duplicate name (422) on create and rename, and bad input (400)', async () => {
    const first = await a.organizationRole();
    const second = await a.organizationRole();
    const duplicate = await gh.api('POST', '/api/organization-roles', { name: first.name, type: 'MachineToMachine' });
    assert.equal(duplicate.status, 422);
    assert.equal(duplicate.body.code, 'entity.unique_integrity_violation');
    const rename = await gh.api('PATCH', `/api/organization-roles/${second.id}`, { name: first.name });
    assert.equal(rename.status, 422);
    assert.equal(rename.body.code, 'entity.unique_integrity_violation');
    for (const body of [{}, { name: '' }, { name: 'x', type: 'Admin' }, { name: 'x', organizationScopeIds: 'a' }, { name: 'x', organizationScopeIds: [''] }]) {
      const response = await gh.api('POST', '/api/organization-roles', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.code, 'guard.invalid_input');
    }
  });

  it('answers 404 for unknown roles with the reference codes', async () => {
    const get = await gh.api('GET', '/api/organization-roles/nope');
    assert.equal(get.status, 404);
    assert.equal(get.body.code, 'entity.not_found');
    const patch = await gh.api('PATCH', '/api/organization-roles/nope', { name: 'x' });
    assert.equal(patch.status, 404);
    assert.equal(patch.body.code, 'entity.not_exists');
    const del = await gh.api('DELETE', '/api/organization-roles/nope');
    assert.equal(del.status, 404);
    assert.equal(del.body.code, 'entity.not_found');
    for (const path of ['scopes', 'resource-scopes']) {
      const list = await gh.api('GET', `/api/organization-roles/nope/${path}`);
      assert.equal(list.status, 404, path);
      assert.equal(list.body.code, 'entity.not_exists_with_id');
    }
  });

  it('patches name, description and type', async () => {
    const role = await a.organizationRole({ description: 'old' });
    const name = a.unique('renamed');
    const patched = await gh.api('PATCH', `/api/organization-roles/${role.id}`, { name, description: null, type: 'MachineToMachine' });
    assert.equal(patched.status, 200);
    assert.deepEqual(patched.body, { tenantId: 'default', id: role.id, name, description: null, type: 'MachineToMachine' });
    const unchanged = await gh.api('PATCH', `/api/organization-roles/${role.id}`, {});
    assert.deepEqual(unchanged.body, patched.body);
  });

  it('refuses a type change while the role is assigned to the other kind (422)', async () => {
    const role = await a.organizationRole({ type: 'User' });
    const user = await a.user();
    const org = await a.organization({ members: [user.id] });
    const assigned = await gh.api('POST', `/api/organizations/${org.id}/users/${user.id}/roles`, { organizationRoleIds: [role.id] });
    assert.equal(assigned.status, 201);

    const response = await gh.api('PATCH', `/api/organization-roles/${role.id}`, { type: 'MachineToMachine' });
    assert.equal(response.status, 422);
    assert.equal(response.body.code, 'organization.role_type_in_use');
    assert.equal((await gh.api('GET', `/api/organization-roles/${role.id}`)).body.type, 'User');
    // Same type, other fields: fine.
    assert.equal((await gh.api('PATCH', `/api/organization-roles/${role.id}`, { type: 'User', description: 'd' })).status, 200);

    // Deleting the role cascades out of the member's roles.
    assert.equal((await gh.api('DELETE', `/api/organization-roles/${role.id}`)).status, 204);
    const left = await gh.api('GET', `/api/organizations/${org.id}/users/${user.id}/roles`);
    assert.equal(left.status, 200);
    assert.deepEqual(left.body, []);
  });

  it('lists roles by name with their scopes, paginated (required) and searchable', async () => {
    const tag = a.unique('lst');
    const s1 = await a.organizationScope({ name: `${tag}:z` });
    const s2 = await a.organizationScope({ name: `${tag}:a` });
    await a.organizationRole({ name: `${tag}-c`, organizationScopeIds: [s1.id, s2.id] });
    await a.organizationRole({ name: `${tag}-a`, description: 'first' });
    await a.organizationRole({ name: `${tag}-b` });
    await a.organizationRole({ name: a.unique('other'), description: `mentions ${tag}` });

    const list = await gh.api('GET', `/api/organization-roles?q=${tag}&page_size=3`);
    assert.equal(list.status, 200);
    assert.equal(list.headers['total-number'], '4');
    assert.deepEqual(list.body.map((role: { name: string }) => role.name), [`${tag}-a`, `${tag}-b`, `${tag}-c`]);
    const c = list.body[2];
    assert.deepEqual(c.scopes, [
      { id: s2.id, name: `${tag}:a` },
      { id: s1.id, name: `${tag}:z` },
    ]);
    assert.deepEqual(c.resourceScopes, []);
    assert.deepEqual(list.body[0].scopes, []);
    assert.equal(list.body[0].tenantId, 'default');

    const second = await gh.api('GET', `/api/organization-roles?q=${tag}&page=2&page_size=3`);
    assert.equal(second.body.length, 1);
    const byId = await gh.api('GET', `/api/organization-roles?q=${c.id}`);
    assert.deepEqual(byId.body.map((role: { id: string }) => role.id), [c.id]);

    const all = await gh.api('GET', '/api/organization-roles');
    assert.ok(all.body.length <= 20, 'pagination is required: 20 by default');
    const bad = await gh.api('GET', '/api/organization-roles?page=0');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'guard.invalid_pagination');
  });
});

describe('/api/organization-roles/:id/scopes', () => {
  it('adds idempotently (201), replaces (204), clears and removes one (204/404)', async () => {
    const role = await a.organizationRole();
    const [s1, s2, s3] = [await a.organizationScope(), await a.organizationScope(), await a.organizationScope()];
    const url = `/api/organization-roles/${role.id}/scopes`;

    const add = await gh.api('POST', url, { organizationScopeIds: [s1.id] });
    assert.equal(add.status, 201);
    assert.equal(add.text, '');
    assert.equal((await gh.api('POST', url, { organizationScopeIds: [s1.id, s2.id] })).status, 201);
    assert.deepEqual(ids((await gh.api('GET', url)).body), [s1.id, s2.id].sort());

    const paged = await gh.api('GET', `${url}?page=1&page_size=1`);
    assert.equal(paged.headers['total-number'], '2');
    assert.equal(paged.body.length, 1);

    const unknown = await gh.api('POST', url, { organizationScopeIds: [s3.id, 'missing'] });
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.code, 'entity.relation_foreign_key_not_found');
    assert.deepEqual(ids((await gh.api('GET', url)).body), [s1.id, s2.id].sort(), 'nothing added');

    const empty = await gh.api('POST', url, { organizationScopeIds: [] });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.code, 'guard.invalid_input');
    assert.equal((await gh.api('POST', url, {})).status, 400);

    assert.equal((await gh.api('PUT', url, { organizationScopeIds: [s3.id, s2.id] })).status, 204);
    assert.deepEqual(ids((await gh.api('GET', url)).body), [s2.id, s3.id].sort());
    const badPut = await gh.api('PUT', url, { organizationScopeIds: [s1.id, 'missing'] });
    assert.equal(badPut.status, 422);
    assert.equal(badPut.body.code, 'entity.relation_foreign_key_not_found');
    assert.deepEqual(ids((await gh.api('GET', url)).body), [s2.id, s3.id].sort(), 'a failed replace changes nothing');

    assert.equal((await gh.api('DELETE', `${url}/${s2.id}`)).status, 204);
    const again = await gh.api('DELETE', `${url}/${s2.id}`);
    assert.equal(again.status, 404);
    assert.equal(again.body.code, 'entity.not_found');
    assert.deepEqual(ids((await gh.api('GET', url)).body), [s3.id]);

    assert.equal((await gh.api('PUT', url, { organizationScopeIds: [] })).status, 204);
    assert.deepEqual((await gh.api('GET', url)).body, []);
  });

  it('answers 404 when the role is missing, on every method', async () => {
    const scope = await a.organizationScope();
    const url = '/api/organization-roles/missing/scopes';
    for (const [method, body] of [
      ['POST', { organizationScopeIds: [scope.id] }],
      ['PUT', { organizationScopeIds: [scope.id] }],
    ] as const) {
      const response = await gh.api(method, url, body);
      assert.equal(response.status, 404, method);
      assert.equal(response.body.code, 'entity.not_exists_with_id');
    }
    assert.equal((await gh.api('DELETE', `${url}/${scope.id}`)).body.code, 'entity.not_found');
  });

  it('concurrent replaces and adds on one role serialize: nothing lost, nothing mixed', async () => {
    const scopes = [];
    for (let i = 0; i < 8; i++) scopes.push(await a.organizationScope());
    const [p1, p2, p3, p4, q1, q2, q3, q4] = scopes.map((scope) => scope.id as string) as [string, string, string, string, string, string, string, string];
    for (let round = 0; round < 3; round++) {
      const role = await a.organizationRole();
      const url = `/api/organization-roles/${role.id}/scopes`;
      const responses = await Promise.all([
        gh.api('PUT', url, { organizationScopeIds: [p1, p2] }),
        gh.api('POST', url, { organizationScopeIds: [q1] }),
        gh.api('PUT', url, { organizationScopeIds: [p3, p4] }),
        gh.api('POST', url, { organizationScopeIds: [q2] }),
        gh.api('POST', url, { organizationScopeIds: [q3, q4] }),
      ]);
      assert.deepEqual(responses.map((r) => r.status), [204, 201, 204, 201, 201]);
      const final = ids((await gh.api('GET', url)).body);
      const base = final.filter((id) => [p1, p2, p3, p4].includes(id)).sort();
      assert.ok(
        JSON.stringify(base) === JSON.stringify([p1, p2].sort()) || JSON.stringify(base) === JSON.stringify([p3, p4].sort()),
        `exactly one replace wins whole: ${JSON.stringify(final)}`,
      );
      // q3 and q4 arrive in one request: both or neither.
      assert.equal(final.includes(q3), final.includes(q4));
    }

    // Parallel adds alone lose nothing.
    const role = await a.organizationRole();
    const url = `/api/organization-roles/${role.id}/scopes`;
    const results = await Promise.all(scopes.map((scope) => gh.api('POST', url, { organizationScopeIds: [scope.id] })));
    assert.ok(results.every((r) => r.status === 201));
    assert.deepEqual(ids((await gh.api('GET', url)).body), ids(scopes));
  });
});
