import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';

const gh = await startGuildhall();
const a = given(gh);
const ids = (list: Array<{ id: string }>) => list.map((item) => item.id);
const sorted = (list: string[]) => [...list].sort();
const appsOf = async (organizationId: string) =>
  ids((await gh.api('GET', `/api/organizations/${organizationId}/applications?page_size=100`)).body);
const rolesOf = async (organizationId: string, applicationId: string) =>
  ids((await gh.api('GET', `/api/organizations/${organizationId}/applications/${applicationId}/roles`)).body);

describe('/api/organizations/:id/applications', () => {
  it('adds machine-to-machine apps (201), idempotently, and lists them with roles, never the secret', async () => {
    const [app1, app2] = await Promise.all([a.m2mApp({ description: 'billing robot' }), a.m2mApp()]);
    const org = await a.organization();
    const response = await gh.api('POST', `/api/organizations/${org.id}/applications`, { applicationIds: [app1.id, app2.id, app1.id] });
    assert.equal(response.status, 201);
    assert.equal(response.text, '');
    assert.equal((await gh.api('POST', `/api/organizations/${org.id}/applications`, { applicationIds: [app1.id] })).status, 201);
    const list = await gh.api('GET', `/api/organizations/${org.id}/applications`);
    assert.equal(list.status, 200);
    assert.equal(list.headers['total-number'], '2');
    assert.deepEqual(ids(list.body), sorted([app1.id, app2.id]));
    const item = list.body.find((x: { id: string }) => x.id === app1.id);
    const { organizationRoles, ...application } = item;
    const { secret, ...expected } = app1;
    assert.ok(secret);
    assert.deepEqual(application, expected);
    assert.deepEqual(organizationRoles, []);
    assert.equal(item.secret, undefined);
    const search = await gh.api('GET', `/api/organizations/${org.id}/applications?q=BILLING`);
    assert.deepEqual(ids(search.body), [app1.id]);
    const unknown = await gh.api('GET', '/api/organizations/ghost/applications');
    assert.deepEqual(unknown.body, []);
    const page = await gh.api('GET', `/api/organizations/${org.id}/applications?page_size=1&page=2`);
    assert.deepEqual(ids(page.body), [sorted([app1.id, app2.id])[1]]);
  });

  it('rejects other application types (422 constraint), unknown ids (422 FK) and empty lists (400)', async () => {
    const spa = await a.application({ type: 'SPA' });
    const m2m = await a.m2mApp();
    const org = await a.organization();
    const typed = await gh.api('POST', `/api/organizations/${org.id}/applications`, { applicationIds: [m2m.id, spa.id] });
    assert.equal(typed.status, 422);
    assert.equal(typed.body.code, 'entity.db_constraint_violated');
    const unknown = await gh.api('POST', `/api/organizations/${org.id}/applications`, { applicationIds: ['ghost'] });
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.code, 'entity.relation_foreign_key_not_found');
    const unknownOrg = await gh.api('POST', '/api/organizations/ghost/applications', { applicationIds: [m2m.id] });
    assert.equal(unknownOrg.body.code, 'entity.relation_foreign_key_not_found');
    const empty = await gh.api('POST', `/api/organizations/${org.id}/applications`, { applicationIds: [] });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.code, 'guard.invalid_input');
    assert.deepEqual(await appsOf(org.id), []);
  });

  it('PUT replaces by delta (survivors keep roles); DELETE removes one (204) or answers 404', async () => {
    const [stay, leave, join] = await Promise.all([a.m2mApp(), a.m2mApp(), a.m2mApp()]);
    const role = await a.organizationRole({ type: 'MachineToMachine' });
    const org = await a.organization();
    await gh.api('POST', `/api/organizations/${org.id}/applications`, { applicationIds: [stay.id, leave.id] });
    await gh.api('POST', `/api/organizations/${org.id}/applications/roles`, { applicationIds: [stay.id], organizationRoleIds: [role.id] });
    assert.equal((await gh.api('PUT', `/api/organizations/${org.id}/applications`, { applicationIds: [stay.id, join.id] })).status, 204);
    assert.deepEqual(await appsOf(org.id), sorted([stay.id, join.id]));
    assert.deepEqual(await rolesOf(org.id, stay.id), [role.id]);
    const bad = await gh.api('PUT', `/api/organizations/${org.id}/applications`, { applicationIds: ['ghost'] });
    assert.equal(bad.status, 422);
    assert.deepEqual(await appsOf(org.id), sorted([stay.id, join.id]));
    assert.equal((await gh.api('DELETE', `/api/organizations/${org.id}/applications/${join.id}`)).status, 204);
    const missing = await gh.api('DELETE', `/api/organizations/${org.id}/applications/${join.id}`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 'entity.not_found');
    assert.equal((await gh.api('PUT', `/api/organizations/${org.id}/applications`, { applicationIds: [] })).status, 204);
    assert.deepEqual(await appsOf(org.id), []);
  });

  it('deleting an application removes its organization links and roles', async () => {
    const app = await a.m2mApp();
    const role = await a.organizationRole({ type: 'MachineToMachine' });
    const org = await a.organization();
    await gh.api('POST', `/api/organizations/${org.id}/applications`, { applicationIds: [app.id] });
    await gh.api('POST', `/api/organizations/${org.id}/applications/${app.id}/roles`, { organizationRoleIds: [role.id] });
    assert.equal((await gh.api('DELETE', `/api/applications/${app.id}`)).status, 204);
    assert.deepEqual(await appsOf(org.id), []);
    const rows = await gh.context.db.selectFrom('organizationRoleApplicationRelations').selectAll().where('applicationId', '=', app.id).execute();
    assert.deepEqual(rows, []);
  });
});

describe('application roles in an organization', () => {
  it('bulk gives every M2M role to every app; User roles (422 constraint), non-members (422 FK), empty (400)', async () => {
    const [app1, app2, outsider] = await Promise.all([a.m2mApp(), a.m2mApp(), a.m2mApp()]);
    const [r1, r2] = await Promise.all([
      a.organizationRole({ type: 'MachineToMachine' }),
      a.organizationRole({ type: 'MachineToMachine' }),
    ]);
    const userRole = await a.organizationRole();
    const org = await a.organization();
    await gh.api('POST', `/api/organizations/${org.id}/applications`, { applicationIds: [app1.id, app2.id] });
    const body = { applicationIds: [app1.id, app2.id], organizationRoleIds: [r1.id, r2.id] };
    assert.equal((await gh.api('POST', `/api/organizations/${org.id}/applications/roles`, body)).status, 201);
    assert.equal((await gh.api('POST', `/api/organizations/${org.id}/applications/roles`, body)).status, 201);
    for (const app of [app1, app2]) assert.deepEqual(sorted(await rolesOf(org.id, app.id)), sorted([r1.id, r2.id]));
    const list = await gh.api('GET', `/api/organizations/${org.id}/applications`);
    const byName = [r1, r2].sort((x, y) => (x.name < y.name ? -1 : 1)).map((r) => ({ id: r.id, name: r.name }));
    assert.deepEqual(list.body[0].organizationRoles, byName);

    const cases: Array<[unknown, number, string]> = [
      [{ applicationIds: [app1.id], organizationRoleIds: [userRole.id] }, 422, 'entity.db_constraint_violated'],
      [{ applicationIds: [outsider.id], organizationRoleIds: [r1.id] }, 422, 'entity.relation_foreign_key_not_found'],
      [{ applicationIds: [app1.id], organizationRoleIds: ['ghost'] }, 422, 'entity.relation_foreign_key_not_found'],
      [{ applicationIds: [], organizationRoleIds: [r1.id] }, 400, 'guard.invalid_input'],
      [{ applicationIds: [app1.id], organizationRoleIds: [] }, 400, 'guard.invalid_input'],
    ];
    for (const [caseBody, status, code] of cases) {
      const response = await gh.api('POST', `/api/organizations/${org.id}/applications/roles`, caseBody);
      assert.equal(response.status, status, JSON.stringify(caseBody));
      assert.equal(response.body.code, code, JSON.stringify(caseBody));
    }
  });

  it('per-application routes: guard 422, GET full roles, POST 201, PUT 204 (non-empty), DELETE 204/404', async () => {
    const [app, outsider] = await Promise.all([a.m2mApp(), a.m2mApp()]);
    const [r1, r2, r3] = await Promise.all([
      a.organizationRole({ type: 'MachineToMachine' }),
      a.organizationRole({ type: 'MachineToMachine' }),
      a.organizationRole({ type: 'MachineToMachine' }),
    ]);
    const userRole = await a.organizationRole();
    const org = await a.organization();
    await gh.api('POST', `/api/organizations/${org.id}/applications`, { applicationIds: [app.id] });
    const base = `/api/organizations/${org.id}/applications/${app.id}/roles`;

    for (const [method, path, body] of [
      ['GET', `/api/organizations/${org.id}/applications/${outsider.id}/roles`],
      ['POST', `/api/organizations/${org.id}/applications/${outsider.id}/roles`, { organizationRoleIds: [r1.id] }],
      ['PUT', `/api/organizations/${org.id}/applications/${outsider.id}/roles`, { organizationRoleIds: [r1.id] }],
      ['DELETE', `/api/organizations/${org.id}/applications/${outsider.id}/roles/${r1.id}`],
      ['DELETE', `/api/organizations/ghost/applications/${app.id}/roles/${r1.id}`],
    ] as const) {
      const response = await gh.api(method, path, body);
      assert.equal(response.status, 422, `${method} ${path}`);
      assert.equal(response.body.code, 'organization.require_membership');
    }

    assert.equal((await gh.api('POST', base, { organizationRoleIds: [r1.id, r2.id] })).status, 201);
    const roles = await gh.api('GET', base);
    assert.deepEqual(roles.body, [r1, r2].sort((x, y) => (x.name < y.name ? -1 : 1)));
    const page = await gh.api('GET', `${base}?page_size=1`);
    assert.equal(page.headers['total-number'], '2');
    assert.equal(page.body.length, 1);
    const typed = await gh.api('POST', base, { organizationRoleIds: [userRole.id] });
    assert.equal(typed.status, 422);
    assert.equal(typed.body.code, 'entity.db_constraint_violated');
    assert.equal((await gh.api('POST', base, { organizationRoleIds: [] })).status, 400);

    assert.equal((await gh.api('PUT', base, { organizationRoleIds: [r3.id] })).status, 204);
    assert.deepEqual(await rolesOf(org.id, app.id), [r3.id]);
    const emptyPut = await gh.api('PUT', base, { organizationRoleIds: [] });
    assert.equal(emptyPut.status, 400);
    assert.equal(emptyPut.body.code, 'guard.invalid_input');
    const badPut = await gh.api('PUT', base, { organizationRoleIds: [r1.id, 'ghost'] });
    assert.equal(badPut.status, 422);
    assert.deepEqual(await rolesOf(org.id, app.id), [r3.id]);

    assert.equal((await gh.api('DELETE', `${base}/${r3.id}`)).status, 204);
    const missing = await gh.api('DELETE', `${base}/${r3.id}`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 'entity.not_found');
  });
});

describe('GET /api/applications/:applicationId/organizations', () => {
  it("lists the application's organizations with its roles, paginated on request; 404 for an unknown app", async () => {
    const app = await a.m2mApp();
    const role = await a.organizationRole({ type: 'MachineToMachine' });
    const [org1, org2] = [await a.organization(), await a.organization()];
    for (const org of [org1, org2]) await gh.api('POST', `/api/organizations/${org.id}/applications`, { applicationIds: [app.id] });
    await gh.api('POST', `/api/organizations/${org1.id}/applications/${app.id}/roles`, { organizationRoleIds: [role.id] });
    const all = await gh.api('GET', `/api/applications/${app.id}/organizations`);
    assert.equal(all.status, 200);
    assert.equal(all.headers['total-number'], undefined);
    assert.deepEqual(ids(all.body), [org2.id, org1.id]);
    const { organizationRoles, ...organization } = all.body[1];
    assert.deepEqual(organization, org1);
    assert.deepEqual(organizationRoles, [{ id: role.id, name: role.name }]);
    assert.deepEqual(all.body[0].organizationRoles, []);
    const page = await gh.api('GET', `/api/applications/${app.id}/organizations?page=2&page_size=1`);
    assert.equal(page.headers['total-number'], '2');
    assert.deepEqual(ids(page.body), [org1.id]);
    const missing = await gh.api('GET', '/api/applications/ghost/organizations');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 'entity.not_exists_with_id');
  });
});
