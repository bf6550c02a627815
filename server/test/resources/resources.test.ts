import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';

const gh = await startGuildhall();
const a = given(gh);
const ids = (rows: Array<{ id: string }>) => rows.map((row) => row.id).sort();

describe('/api/resources', () => {
  it('creates (201, with scopes: []), reads, updates and deletes a resource', async () => {
    const created = await gh.api('POST', '/api/resources', { name: 'Billing', indicator: 'https://billing.example.com/api' });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.tenantId, 'default');
    assert.equal(created.body.accessTokenTtl, 3600);
    assert.equal(created.body.isDefault, false);
    assert.deepEqual(created.body.scopes, []);
    assert.equal(typeof created.body.createdAt, 'number');

    const read = await gh.api('GET', `/api/resources/${created.body.id}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.indicator, 'https://billing.example.com/api');
    assert.equal(read.body.scopes, undefined);

    const patched = await gh.api('PATCH', `/api/resources/${created.body.id}`, {
      name: 'Billing v2',
      accessTokenTtl: 600,
      indicator: 'urn:billing:v2',
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.name, 'Billing v2');
    assert.equal(patched.body.accessTokenTtl, 600);
    assert.equal(patched.body.indicator, 'urn:billing:v2');

    assert.equal((await gh.api('DELETE', `/api/resources/${created.body.id}`)).status, 204);
    const gone = await gh.api('GET', `/api/resources/${created.body.id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.code, 'entity.not_exists_with_id');
    const again = await gh.api('DELETE', `/api/resources/${created.body.id}`);
    assert.equal(again.status, 404);
    assert.equal((await gh.api('PATCH', `/api/resources/${created.body.id}`, { name: 'x' })).status, 404);
  });

  it('validates the indicator (absolute URI, no fragment), the TTL, and refuses a duplicate indicator (422)', async () => {
    for (const body of [
      { name: 'x', indicator: '/relative/path' },
      { name: 'x', indicator: 'not a uri' },
      { name: 'x', indicator: 'https://example.com/api#frag' },
      { name: 'x' },
      { name: 'x', indicator: 'https://ttl.example.com', accessTokenTtl: 0 },
      { name: 'x', indicator: 'https://ttl.example.com', accessTokenTtl: 86_401 },
      { name: 'x', indicator: 'https://ttl.example.com', accessTokenTtl: '60' },
    ]) {
      const response = await gh.api('POST', '/api/resources', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.code, 'guard.invalid_input');
    }
    const resource = await a.resource();
    const duplicate = await gh.api('POST', '/api/resources', { name: 'other', indicator: resource.indicator });
    assert.equal(duplicate.status, 422);
    assert.equal(duplicate.body.code, 'entity.unique_integrity_violation');
    const other = await a.resource();
    const move = await gh.api('PATCH', `/api/resources/${other.id}`, { indicator: resource.indicator });
    assert.equal(move.status, 422);
    assert.equal(move.body.code, 'entity.unique_integrity_violation');
  });

  it('protects the Management API: no delete, no new indicator (422 resource.protected)', async () => {
    const management = await gh.api('GET', '/api/resources/management-api');
    assert.equal(management.status, 200);
    assert.equal(management.body.indicator, 'http://localhost:3001/api');

    const del = await gh.api('DELETE', '/api/resources/management-api');
    assert.equal(del.status, 422);
    assert.equal(del.body.code, 'resource.protected');
    const move = await gh.api('PATCH', '/api/resources/management-api', { indicator: 'https://elsewhere.example.com/api' });
    assert.equal(move.status, 422);
    assert.equal(move.body.code, 'resource.protected');
    // Same indicator and other fields are fine.
    const same = await gh.api('PATCH', '/api/resources/management-api', { indicator: 'http://localhost:3001/api', accessTokenTtl: 3600 });
    assert.equal(same.status, 200);

    const delAll = await gh.api('DELETE', '/api/resources/management-api/scopes/management-api-all');
    assert.equal(delAll.status, 422);
    assert.equal(delAll.body.code, 'resource.protected');
    const renameAll = await gh.api('PATCH', '/api/resources/management-api/scopes/management-api-all', { name: 'everything' });
    assert.equal(renameAll.status, 422);
    assert.equal(renameAll.body.code, 'resource.protected');
    // Still usable.
    assert.equal((await gh.api('GET', '/api/resources/management-api')).status, 200);
  });

  it('keeps at most one default resource', async () => {
    const first = await a.resource({ isDefault: true });
    assert.equal(first.isDefault, true);
    const second = await a.resource({ isDefault: true });
    assert.equal((await gh.api('GET', `/api/resources/${first.id}`)).body.isDefault, false);
    const third = await a.resource();
    const switched = await gh.api('PATCH', `/api/resources/${third.id}/is-default`, { isDefault: true });
    assert.equal(switched.status, 200);
    assert.equal(switched.body.isDefault, true);
    assert.equal((await gh.api('GET', `/api/resources/${second.id}`)).body.isDefault, false);
    const unset = await gh.api('PATCH', `/api/resources/${third.id}/is-default`, { isDefault: false });
    assert.equal(unset.body.isDefault, false);
  });

  it('lists resources oldest first, whole or paginated, with scopes on request', async () => {
    const resource = await a.resource();
    await a.resourceScope({ resourceId: resource.id, name: 'b:write' });
    await a.resourceScope({ resourceId: resource.id, name: 'a:read' });

    const all = await gh.api('GET', '/api/resources');
    assert.equal(all.status, 200);
    assert.equal(all.headers['total-number'], undefined);
    assert.equal(all.body[0].id, 'management-api');
    assert.equal(all.body.at(-1).id, resource.id);
    assert.equal(all.body[0].scopes, undefined);

    const withScopes = await gh.api('GET', '/api/resources?includeScopes=true');
    const mine = withScopes.body.find((row: { id: string }) => row.id === resource.id);
    assert.deepEqual(mine.scopes.map((scope: { name: string }) => scope.name), ['a:read', 'b:write']);
    assert.equal(mine.scopes[0].resourceId, resource.id);
    // Nested scopes carry the same epoch-millisecond createdAt as the scope itself.
    const scope = await gh.api('GET', `/api/resources/${resource.id}/scopes/${mine.scopes[0].id}`);
    assert.deepEqual(mine.scopes[0], scope.body);
    assert.deepEqual(
      withScopes.body[0].scopes.map((scope: { name: string }) => scope.name),
      ['all', 'organizations:read', 'organizations:write', 'read'],
    );

    const page = await gh.api('GET', '/api/resources?page=1&page_size=1');
    assert.equal(page.body.length, 1);
    assert.equal(Number(page.headers['total-number']), all.body.length);
  });
});

describe('/api/resources/:resourceId/scopes', () => {
  it('creates (201), lists, searches, updates and deletes scopes', async () => {
    const resource = await a.resource();
    const url = `/api/resources/${resource.id}/scopes`;
    const created = await gh.api('POST', url, { name: 'read:invoices', description: 'Read invoices' });
    assert.equal(created.status, 201);
    assert.deepEqual(Object.keys(created.body).sort(), ['createdAt', 'description', 'id', 'name', 'resourceId', 'tenantId']);
    await gh.api('POST', url, { name: 'write:invoices' });
    await gh.api('POST', url, { name: 'admin', description: 'Everything about INVOICES' });

    const list = await gh.api('GET', url);
    assert.deepEqual(list.body.map((scope: { name: string }) => scope.name), ['admin', 'read:invoices', 'write:invoices']);
    const search = await gh.api('GET', `${url}?q=invoices&page_size=2`);
    assert.equal(search.headers['total-number'], '3');
    assert.equal(search.body.length, 2);
    const byDescription = await gh.api('GET', `${url}?q=everything`);
    assert.deepEqual(byDescription.body.map((scope: { name: string }) => scope.name), ['admin']);

    const one = await gh.api('GET', `${url}/${created.body.id}`);
    assert.equal(one.status, 200);
    const patched = await gh.api('PATCH', `${url}/${created.body.id}`, { name: 'read:bills', description: null });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.name, 'read:bills');
    assert.equal(patched.body.description, null);

    assert.equal((await gh.api('DELETE', `${url}/${created.body.id}`)).status, 204);
    const again = await gh.api('DELETE', `${url}/${created.body.id}`);
    assert.equal(again.status, 404);
    assert.equal(again.body.code, 'entity.not_found');
    const missing = await gh.api('PATCH', `${url}/${created.body.id}`, { name: 'x' });
    assert.equal(missing.status, 404);
  });

  it('keeps names unique per resource (422 scope.name_exists), not across resources', async () => {
    const [first, second] = [await a.resource(), await a.resource()];
    const scope = await a.resourceScope({ resourceId: first.id, name: 'read' });
    const duplicate = await gh.api('POST', `/api/resources/${first.id}/scopes`, { name: 'read' });
    assert.equal(duplicate.status, 422);
    assert.equal(duplicate.body.code, 'scope.name_exists');
    assert.equal((await gh.api('POST', `/api/resources/${second.id}/scopes`, { name: 'read' })).status, 201);
    const other = await a.resourceScope({ resourceId: first.id, name: 'write' });
    const rename = await gh.api('PATCH', `/api/resources/${first.id}/scopes/${other.id}`, { name: scope.name });
    assert.equal(rename.status, 422);
    assert.equal(rename.body.code, 'scope.name_exists');
  });

  it('answers 404 for an unknown resource, and a scope under the wrong resource', async () => {
    for (const [method, body] of [['GET', undefined], ['POST', { name: 'x' }]] as const) {
      const response = await gh.api(method, '/api/resources/nope/scopes', body);
      assert.equal(response.status, 404, method);
      assert.equal(response.body.code, 'entity.not_exists_with_id');
    }
    const scope = await a.resourceScope();
    const elsewhere = await a.resource();
    assert.equal((await gh.api('GET', `/api/resources/${elsewhere.id}/scopes/${scope.id}`)).status, 404);
    assert.equal((await gh.api('DELETE', `/api/resources/${elsewhere.id}/scopes/${scope.id}`)).status, 404);
    for (const body of [{}, { name: '' }, { name: 'has space' }]) {
      const response = await gh.api('POST', `/api/resources/${elsewhere.id}/scopes`, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.code, 'guard.invalid_input');
    }
  });
});

describe('API scopes in organization roles', () => {
  it('lists resourceScopes with their resource, and the relation routes manage them', async () => {
    const resource = await a.resource({ name: 'Docs API' });
    const read = await a.resourceScope({ resourceId: resource.id, name: 'read:docs' });
    const write = await a.resourceScope({ resourceId: resource.id, name: 'write:docs' });
    const role = await a.organizationRole({ resourceScopeIds: [write.id, read.id] });

    const list = await gh.api('GET', `/api/organization-roles?q=${role.id}`);
    assert.deepEqual(list.body[0].resourceScopes, [
      { id: read.id, name: 'read:docs', resource: { id: resource.id, name: 'Docs API' } },
      { id: write.id, name: 'write:docs', resource: { id: resource.id, name: 'Docs API' } },
    ]);

    const url = `/api/organization-roles/${role.id}/resource-scopes`;
    const rows = await gh.api('GET', url);
    assert.equal(rows.status, 200);
    assert.deepEqual(rows.body[0], { ...read, tenantId: 'default' });

    const extra = await a.resourceScope();
    assert.equal((await gh.api('POST', url, { scopeIds: [extra.id, read.id] })).status, 201);
    assert.deepEqual(ids((await gh.api('GET', url)).body), ids([read, write, extra]));
    const unknown = await gh.api('POST', url, { scopeIds: ['nope'] });
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.code, 'entity.relation_foreign_key_not_found');
    assert.equal((await gh.api('POST', url, { scopeIds: [] })).status, 400);

    assert.equal((await gh.api('PUT', url, { scopeIds: [extra.id] })).status, 204);
    assert.deepEqual(ids((await gh.api('GET', url)).body), [extra.id]);
    assert.equal((await gh.api('DELETE', `${url}/${extra.id}`)).status, 204);
    const notLinked = await gh.api('DELETE', `${url}/${extra.id}`);
    assert.equal(notLinked.status, 404);
    assert.equal(notLinked.body.code, 'entity.not_found');
  });

  it('deleting an API scope, or its resource, removes it from organization roles', async () => {
    const resource = await a.resource();
    const kept = await a.resourceScope();
    const doomed = await a.resourceScope({ resourceId: resource.id });
    const sibling = await a.resourceScope({ resourceId: resource.id });
    const role = await a.organizationRole({ resourceScopeIds: [kept.id, doomed.id, sibling.id] });
    const url = `/api/organization-roles/${role.id}/resource-scopes`;

    assert.equal((await gh.api('DELETE', `/api/resources/${resource.id}/scopes/${doomed.id}`)).status, 204);
    assert.deepEqual(ids((await gh.api('GET', url)).body), ids([kept, sibling]));
    const list = await gh.api('GET', `/api/organization-roles?q=${role.id}`);
    assert.deepEqual(ids(list.body[0].resourceScopes), ids([kept, sibling]));

    assert.equal((await gh.api('DELETE', `/api/resources/${resource.id}`)).status, 204);
    assert.deepEqual(ids((await gh.api('GET', url)).body), [kept.id]);
  });
});
