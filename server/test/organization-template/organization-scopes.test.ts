import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';

const gh = await startGuildhall();
const a = given(gh);

describe('/api/organization-scopes', () => {
  it('creates (201), reads, updates and deletes a scope', async () => {
    const created = await gh.api('POST', '/api/organization-scopes', { name: 'read:docs', description: 'Read documents' });
    assert.equal(created.status, 201);
    assert.deepEqual(Object.keys(created.body).sort(), ['description', 'id', 'name', 'tenantId']);
    assert.equal(created.body.tenantId, 'default');
    assert.match(created.body.id, /^[0-9a-z]{21}$/);

    const read = await gh.api('GET', `/api/organization-scopes/${created.body.id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, created.body);

    const patched = await gh.api('PATCH', `/api/organization-scopes/${created.body.id}`, { description: null });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.description, null);
    assert.equal(patched.body.name, 'read:docs');

    const renamed = await gh.api('PATCH', `/api/organization-scopes/${created.body.id}`, { name: 'read:documents' });
    assert.equal(renamed.body.name, 'read:documents');

    assert.equal((await gh.api('DELETE', `/api/organization-scopes/${created.body.id}`)).status, 204);
    const gone = await gh.api('GET', `/api/organization-scopes/${created.body.id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.code, 'entity.not_exists_with_id');
  });

  it('answers 404 with the reference codes for unknown ids', async () => {
    const get = await gh.api('GET', '/api/organization-scopes/nope');
    assert.equal(get.status, 404);
    assert.equal(get.body.code, 'entity.not_exists_with_id');
    const patch = await gh.api('PATCH', '/api/organization-scopes/nope', { name: 'x' });
    assert.equal(patch.status, 404);
    assert.equal(patch.body.code, 'entity.not_exists');
    const emptyPatch = await gh.api('PATCH', '/api/organization-scopes/nope', {});
    assert.equal(emptyPatch.status, 404);
    const del = await gh.api('DELETE', '/api/organization-scopes/nope');
    assert.equal(del.status, 404);
    assert.equal(del.body.code, 'entity.not_found');
  });

  it('refuses a duplicate name with 422 on create and on rename', async () => {
    const first = await a.organizationScope();
    const second = await a.organizationScope();
    const duplicate = await gh.api('POST', '/api/organization-scopes', { name: first.name });
    assert.equal(duplicate.status, 422);
    assert.equal(duplicate.body.code, 'entity.unique_integrity_violation');
    const rename = await gh.api('PATCH', `/api/organization-scopes/${second.id}`, { name: first.name });
    assert.equal(rename.status, 422);
    assert.equal(rename.body.code, 'entity.unique_integrity_violation');
  });

  it('validates the body: 400 guard.invalid_input', async () => {
    for (const body of [{}, { name: '' }, { name: 'x'.repeat(129) }, { name: 42 }, { name: 'ok', description: 'x'.repeat(257) }]) {
      const response = await gh.api('POST', '/api/organization-scopes', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.code, 'guard.invalid_input');
    }
    const scope = await a.organizationScope();
    const patch = await gh.api('PATCH', `/api/organization-scopes/${scope.id}`, { name: '' });
    assert.equal(patch.status, 400);
    assert.equal(patch.body.code, 'guard.invalid_input');
  });

  it('lists by name, whole without paging parameters, paginated with them, and searches by name', async () => {
    const prefix = a.unique('list');
    for (const suffix of ['c', 'a', 'b']) await a.organizationScope({ name: `${prefix}:${suffix}` });
    await a.organizationScope({ name: `${prefix}:100%_x` });

    const all = await gh.api('GET', '/api/organization-scopes');
    assert.equal(all.status, 200);
    assert.equal(all.headers['total-number'], undefined);
    const names = all.body.map((scope: { name: string }) => scope.name);
    assert.deepEqual(names, [...names].sort((x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0)));

    const search = await gh.api('GET', `/api/organization-scopes?q=${encodeURIComponent(prefix.toUpperCase())}`);
    assert.deepEqual(
      search.body.map((scope: { name: string }) => scope.name),
      [`${prefix}:100%_x`, `${prefix}:a`, `${prefix}:b`, `${prefix}:c`],
    );
    // `%` and `_` match themselves.
    const literal = await gh.api('GET', `/api/organization-scopes?q=${encodeURIComponent('%_')}`);
    assert.deepEqual(literal.body.map((scope: { name: string }) => scope.name), [`${prefix}:100%_x`]);

    const page = await gh.api('GET', `/api/organization-scopes?q=${prefix}&page=2&page_size=3`);
    assert.equal(page.status, 200);
    assert.equal(page.headers['total-number'], '4');
    assert.deepEqual(page.body.map((scope: { name: string }) => scope.name), [`${prefix}:c`]);
    assert.match(String(page.headers.link), /rel="first"/);

    const bad = await gh.api('GET', '/api/organization-scopes?page_size=101');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'guard.invalid_pagination');
  });

  it('deleting a scope removes it from the roles that held it', async () => {
    const kept = await a.organizationScope();
    const doomed = await a.organizationScope();
    const role = await a.organizationRole({ organizationScopeIds: [kept.id, doomed.id] });
    assert.equal((await gh.api('DELETE', `/api/organization-scopes/${doomed.id}`)).status, 204);
    const scopes = await gh.api('GET', `/api/organization-roles/${role.id}/scopes`);
    assert.deepEqual(scopes.body.map((scope: { id: string }) => scope.id), [kept.id]);
  });
});
