import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';
import { basic } from '../oidc/flow.ts';

const gh = await startGuildhall();
const g = given(gh);
const MANAGEMENT_API = 'http://localhost:3001/api';

/** A machine-to-machine member of a new organization, with `roleId` there. */
async function memberApp(roleId: string) {
  const app = await g.m2mApp();
  const organization = await g.organization();
  assert.equal((await gh.api('POST', `/api/organizations/${organization.id}/applications`, { applicationIds: [app.id] })).status, 201);
  const assigned = await gh.api('POST', `/api/organizations/${organization.id}/applications/${app.id}/roles`, { organizationRoleIds: [roleId] });
  assert.equal(assigned.status, 201, JSON.stringify(assigned.body));
  return { app, organization };
}

describe('the Management API is not scoped to organizations', () => {
  it('refuses to give an organization role a Management API permission (422, nothing changed)', async () => {
    const scope = 'management-api-all';
    const name = g.unique('role');
    const created = await gh.api('POST', '/api/organization-roles', { name, type: 'MachineToMachine', resourceScopeIds: [scope] });
    assert.equal(created.status, 422);
    assert.equal(created.body.code, 'organization_role.management_api_scope');
    const role = await g.organizationRole({ type: 'MachineToMachine' });
    for (const method of ['POST', 'PUT'] as const) {
      const linked = await gh.api(method, `/api/organization-roles/${role.id}/resource-scopes`, { scopeIds: [scope] });
      assert.equal(linked.status, 422, method);
      assert.equal(linked.body.code, 'organization_role.management_api_scope', method);
    }
    assert.deepEqual((await gh.api('GET', `/api/organization-roles/${role.id}/resource-scopes`)).body, []);
    const roles = await gh.api('GET', `/api/organization-roles?q=${encodeURIComponent(name)}`);
    assert.deepEqual(roles.body, [], 'the refused role was not created');
    // Another API's permission still links.
    const other = await g.resourceScope();
    assert.equal((await gh.api('POST', `/api/organization-roles/${role.id}/resource-scopes`, { scopeIds: [other.id] })).status, 201);
  });

  it('refuses an organization token for the Management API, even one carrying `all` (a link made before migration 0018)', async () => {
    const role = await g.organizationRole({ type: 'MachineToMachine' });
    // As an installation from before the guard may hold it.
    await sql`alter table organization_role_resource_scope_relations disable trigger organization_role_resource_scopes__management_api`.execute(gh.context.db);
    try {
      await sql`insert into organization_role_resource_scope_relations (organization_role_id, scope_id) values (${role.id}, 'management-api-all')`.execute(gh.context.db);
    } finally {
      await sql`alter table organization_role_resource_scope_relations enable trigger organization_role_resource_scopes__management_api`.execute(gh.context.db);
    }
    const { app, organization } = await memberApp(role.id);
    const issued = await gh.inject({
      method: 'POST',
      url: '/oidc/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(app.id, app.secret) },
      payload: new URLSearchParams({ grant_type: 'client_credentials', resource: MANAGEMENT_API, organization_id: organization.id, scope: 'all' }).toString(),
    });
    assert.equal(issued.statusCode, 200, issued.body);
    const { access_token: token, scope } = issued.json();
    assert.equal(scope, 'all', 'the token endpoint still issues what the role grants');
    for (const [method, url] of [['GET', '/api/users'], ['GET', `/api/organizations/${organization.id}`], ['POST', '/api/organizations']] as const) {
      const response = await gh.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(method === 'POST' ? { payload: { name: 'x' } } : {}) });
      assert.equal(response.statusCode, 403, `${method} ${url}`);
      assert.equal(response.json().code, 'auth.forbidden');
      assert.match(response.json().data.reason, /organization token/);
    }
    // The same app's own token (no organization) is refused for want of a role, as before.
    const plain = await gh.inject({
      method: 'POST',
      url: '/oidc/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(app.id, app.secret) },
      payload: new URLSearchParams({ grant_type: 'client_credentials', resource: MANAGEMENT_API, scope: 'all' }).toString(),
    });
    assert.equal(plain.statusCode, 200, plain.body);
    assert.equal(plain.json().scope, undefined);
    const refused = await gh.inject({ method: 'GET', url: '/api/users', headers: { authorization: `Bearer ${plain.json().access_token}` } });
    assert.equal(refused.statusCode, 403);
  });
});
