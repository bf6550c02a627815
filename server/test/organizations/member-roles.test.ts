import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';

const gh = await startGuildhall();
const a = given(gh);
const ids = (list: Array<{ id: string }>) => list.map((item) => item.id);
const rolesOf = async (organizationId: string, userId: string) =>
  (await gh.api('GET', `/api/organizations/${organizationId}/users/${userId}/roles`)).body;

describe('POST /api/organizations/:id/users/roles (bulk)', () => {
  it('gives every role to every member, idempotently', async () => {
    const [u1, u2] = await Promise.all([a.user(), a.user()]);
    const [r1, r2] = await Promise.all([a.organizationRole(), a.organizationRole()]);
    const org = await a.organization({ members: [u1.id, u2.id] });
    const body = { userIds: [u1.id, u2.id], organizationRoleIds: [r1.id, r2.id] };
    const response = await gh.api('POST', `/api/organizations/${org.id}/users/roles`, body);
    assert.equal(response.status, 201);
    assert.equal(response.text, '');
    assert.equal((await gh.api('POST', `/api/organizations/${org.id}/users/roles`, body)).status, 201);
    const expected = [r1, r2].sort((x, y) => (x.name < y.name ? -1 : 1)).map((r) => ({ id: r.id, name: r.name }));
    for (const user of [u1, u2]) {
      assert.deepEqual((await gh.api('GET', `/api/organizations/${org.id}/users/${user.id}`)).body.organizationRoles, expected);
    }
    const list = await gh.api('GET', `/api/organizations/${org.id}/users`);
    assert.deepEqual(list.body[0].organizationRoles, expected);
  });

  it('rejects a non-member or unknown role (422 FK), an M2M role (422 constraint), empty lists (400)', async () => {
    const [member, outsider] = await Promise.all([a.user(), a.user()]);
    const role = await a.organizationRole();
    const m2m = await a.organizationRole({ type: 'MachineToMachine' });
    const org = await a.organization({ members: [member.id] });
    const cases: Array<[unknown, number, string]> = [
      [{ userIds: [member.id, outsider.id], organizationRoleIds: [role.id] }, 422, 'entity.relation_foreign_key_not_found'],
      [{ userIds: [member.id], organizationRoleIds: ['ghost'] }, 422, 'entity.relation_foreign_key_not_found'],
      [{ userIds: [member.id], organizationRoleIds: [m2m.id] }, 422, 'entity.db_constraint_violated'],
      [{ userIds: [], organizationRoleIds: [role.id] }, 400, 'guard.invalid_input'],
      [{ userIds: [member.id], organizationRoleIds: [] }, 400, 'guard.invalid_input'],
    ];
    for (const [body, status, code] of cases) {
      const response = await gh.api('POST', `/api/organizations/${org.id}/users/roles`, body);
      assert.equal(response.status, status, JSON.stringify(body));
      assert.equal(response.body.code, code, JSON.stringify(body));
    }
    assert.deepEqual(await rolesOf(org.id, member.id), []);
  });
});

describe('/api/organizations/:id/users/:userId/roles', () => {
  it('guards every method with 422 organization.require_membership for non-members', async () => {
    const user = await a.user();
    const role = await a.organizationRole();
    const org = await a.organization();
    for (const [method, path, body] of [
      ['GET', `${org.id}/users/${user.id}/roles`],
      ['POST', `${org.id}/users/${user.id}/roles`, { organizationRoleIds: [role.id] }],
      ['PUT', `${org.id}/users/${user.id}/roles`, { organizationRoleIds: [] }],
      ['DELETE', `${org.id}/users/${user.id}/roles/${role.id}`],
      ['GET', `ghost/users/${user.id}/roles`],
      ['GET', `${org.id}/users/ghost/roles`],
    ] as const) {
      const response = await gh.api(method, `/api/organizations/${path}`, body);
      assert.equal(response.status, 422, `${method} ${path}`);
      assert.equal(response.body.code, 'organization.require_membership', `${method} ${path}`);
    }
  });

  it('POST adds by ids and names (201 with resolved ids), idempotently; GET lists full roles by name', async () => {
    const user = await a.user();
    const [r1, r2, r3] = await Promise.all([a.organizationRole(), a.organizationRole(), a.organizationRole({ description: 'd' })]);
    const org = await a.organization({ members: [user.id] });
    const response = await gh.api('POST', `/api/organizations/${org.id}/users/${user.id}/roles`, {
      organizationRoleIds: [r1.id, r2.id],
      organizationRoleNames: [r2.name, r3.name],
    });
    assert.equal(response.status, 201);
    assert.deepEqual([...response.body.organizationRoleIds].sort(), [r1.id, r2.id, r3.id].sort());
    assert.equal(response.body.organizationRoleIds.length, 3);
    const again = await gh.api('POST', `/api/organizations/${org.id}/users/${user.id}/roles`, { organizationRoleIds: [r1.id] });
    assert.equal(again.status, 201);
    const empty = await gh.api('POST', `/api/organizations/${org.id}/users/${user.id}/roles`, {});
    assert.equal(empty.status, 201);
    assert.deepEqual(empty.body, { organizationRoleIds: [] });
    const roles = await gh.api('GET', `/api/organizations/${org.id}/users/${user.id}/roles`);
    assert.equal(roles.status, 200);
    assert.equal(roles.headers['total-number'], undefined);
    const expected = [r1, r2, r3].sort((x, y) => (x.name < y.name ? -1 : 1));
    assert.deepEqual(roles.body, expected);
    const page = await gh.api('GET', `/api/organizations/${org.id}/users/${user.id}/roles?page=2&page_size=2`);
    assert.equal(page.headers['total-number'], '3');
    assert.deepEqual(ids(page.body), [expected[2].id]);
  });

  it('POST rejects unknown names (422 with data.names), unknown ids (422 FK) and M2M roles (422)', async () => {
    const user = await a.user();
    const role = await a.organizationRole();
    const m2m = await a.organizationRole({ type: 'MachineToMachine' });
    const org = await a.organization({ members: [user.id] });
    const names = await gh.api('POST', `/api/organizations/${org.id}/users/${user.id}/roles`, {
      organizationRoleIds: [role.id],
      organizationRoleNames: [role.name, 'no-such-role', 'nor-this'],
    });
    assert.equal(names.status, 422);
    assert.equal(names.body.code, 'organization.role_names_not_found');
    assert.deepEqual(names.body.data.names, ['no-such-role', 'nor-this']);
    const unknownId = await gh.api('POST', `/api/organizations/${org.id}/users/${user.id}/roles`, { organizationRoleIds: ['ghost'] });
    assert.equal(unknownId.status, 422);
    assert.equal(unknownId.body.code, 'entity.relation_foreign_key_not_found');
    const typed = await gh.api('POST', `/api/organizations/${org.id}/users/${user.id}/roles`, { organizationRoleNames: [m2m.name] });
    assert.equal(typed.status, 422);
    assert.equal(typed.body.code, 'entity.db_constraint_violated');
    assert.deepEqual(await rolesOf(org.id, user.id), []);
  });

  it('PUT replaces all roles (204), {} clears, errors leave the roles as they were', async () => {
    const user = await a.user();
    const [r1, r2, r3] = await Promise.all([a.organizationRole(), a.organizationRole(), a.organizationRole()]);
    const org = await a.organization({ members: [user.id] });
    await a.membership(org.id, user.id, { roleIds: [r1.id, r2.id] });
    const put = await gh.api('PUT', `/api/organizations/${org.id}/users/${user.id}/roles`, {
      organizationRoleIds: [r2.id],
      organizationRoleNames: [r3.name],
    });
    assert.equal(put.status, 204);
    assert.deepEqual(ids(await rolesOf(org.id, user.id)).sort(), [r2.id, r3.id].sort());
    const bad = await gh.api('PUT', `/api/organizations/${org.id}/users/${user.id}/roles`, { organizationRoleIds: [r1.id, 'ghost'] });
    assert.equal(bad.status, 422);
    assert.deepEqual(ids(await rolesOf(org.id, user.id)).sort(), [r2.id, r3.id].sort());
    const badName = await gh.api('PUT', `/api/organizations/${org.id}/users/${user.id}/roles`, { organizationRoleNames: ['ghost'] });
    assert.equal(badName.body.code, 'organization.role_names_not_found');
    assert.equal((await gh.api('PUT', `/api/organizations/${org.id}/users/${user.id}/roles`, {})).status, 204);
    assert.deepEqual(await rolesOf(org.id, user.id), []);
  });

  it('parallel PUTs end with one of the requested sets', async () => {
    const user = await a.user();
    const roles = await Promise.all(Array.from({ length: 6 }, () => a.organizationRole()));
    const org = await a.organization({ members: [user.id] });
    const sets = [ids(roles.slice(0, 2)), ids(roles.slice(2, 4)), ids(roles.slice(4, 6))];
    const results = await Promise.all(
      sets.map((organizationRoleIds) => gh.api('PUT', `/api/organizations/${org.id}/users/${user.id}/roles`, { organizationRoleIds })),
    );
    assert.deepEqual(results.map((r) => r.status), [204, 204, 204]);
    const final = ids(await rolesOf(org.id, user.id)).sort();
    assert.ok(sets.some((set) => JSON.stringify([...set].sort()) === JSON.stringify(final)), `mixed: ${final}`);
  });

  it('DELETE takes one role (204) and answers 404 entity.not_found when not assigned', async () => {
    const user = await a.user();
    const [r1, r2] = await Promise.all([a.organizationRole(), a.organizationRole()]);
    const org = await a.organization();
    await a.membership(org.id, user.id, { roleIds: [r1.id, r2.id] });
    assert.equal((await gh.api('DELETE', `/api/organizations/${org.id}/users/${user.id}/roles/${r1.id}`)).status, 204);
    assert.deepEqual(ids(await rolesOf(org.id, user.id)), [r2.id]);
    const again = await gh.api('DELETE', `/api/organizations/${org.id}/users/${user.id}/roles/${r1.id}`);
    assert.equal(again.status, 404);
    assert.equal(again.body.code, 'entity.not_found');
  });

  it('filters the member list by organizationRoleId', async () => {
    const [u1, u2] = await Promise.all([a.user(), a.user()]);
    const role = await a.organizationRole();
    const org = await a.organization({ members: [u1.id, u2.id] });
    await a.membership(org.id, u2.id, { roleIds: [role.id] });
    const response = await gh.api('GET', `/api/organizations/${org.id}/users?organizationRoleId=${role.id}`);
    assert.deepEqual(ids(response.body), [u2.id]);
    assert.equal(response.headers['total-number'], '1');
  });

  it('combines search, status and role filters, each combination with its own query and total', async () => {
    const tag = `combo${Date.now()}`;
    const users = await Promise.all([0, 1, 2, 3].map((i) => a.user({ name: `${tag} ${i % 2 ? 'odd' : 'even'} ${i}` })));
    const role = await a.organizationRole();
    const org = await a.organization({ members: ids(users) });
    await a.membership(org.id, users[0]!.id, { roleIds: [role.id] });
    await a.membership(org.id, users[1]!.id, { roleIds: [role.id] });
    await a.membership(org.id, users[3]!.id, { roleIds: [role.id] });
    await gh.api('PATCH', `/api/organizations/${org.id}/users/${users[1]!.id}`, { status: 'Suspended' });
    await gh.api('PATCH', `/api/organizations/${org.id}/users/${users[2]!.id}`, { status: 'Suspended' });
    const expected: Array<[string, number[]]> = [
      [`organizationRoleId=${role.id}`, [0, 1, 3]],
      ['status=Suspended', [1, 2]],
      ['q=odd', [1, 3]],
      [`status=Active&organizationRoleId=${role.id}`, [0, 3]],
      [`q=odd&status=Suspended`, [1]],
      [`q=even&organizationRoleId=${role.id}`, [0]],
      [`q=odd&status=Active&organizationRoleId=${role.id}`, [3]],
      [`organizationRoleId=${role.id}&status=Suspended&page_size=1&page=2`, []],
      ['', [0, 1, 2, 3]],
    ];
    for (const [query, indexes] of expected) {
      const response = await gh.api('GET', `/api/organizations/${org.id}/users?${query}`);
      assert.equal(response.status, 200, query);
      const total = query.includes('page=2') ? 1 : indexes.length;
      assert.deepEqual(ids(response.body), indexes.map((i) => users[i]!.id).sort(), query);
      assert.equal(response.headers['total-number'], String(total), query);
    }
  });
});

describe('GET /api/organizations/:id/users/:userId/scopes', () => {
  it("answers the distinct organization permissions of an Active member's roles", async () => {
    const user = await a.user();
    const [read, write, unused] = await Promise.all([a.organizationScope(), a.organizationScope(), a.organizationScope()]);
    void unused;
    const r1 = await a.organizationRole({ organizationScopeIds: [read.id, write.id] });
    const r2 = await a.organizationRole({ organizationScopeIds: [read.id] });
    const org = await a.organization();
    await a.membership(org.id, user.id, { roleIds: [r1.id, r2.id] });
    const response = await gh.api('GET', `/api/organizations/${org.id}/users/${user.id}/scopes`);
    assert.equal(response.status, 200);
    const expected = [read, write].sort((x, y) => (x.name < y.name ? -1 : 1));
    assert.deepEqual(response.body, expected);
  });

  it('answers [] for a non-member and for a suspended member, whose roles are kept', async () => {
    const [member, outsider] = await Promise.all([a.user(), a.user()]);
    const scope = await a.organizationScope();
    const role = await a.organizationRole({ organizationScopeIds: [scope.id] });
    const org = await a.organization();
    await a.membership(org.id, member.id, { roleIds: [role.id], status: 'Suspended' });
    assert.deepEqual((await gh.api('GET', `/api/organizations/${org.id}/users/${member.id}/scopes`)).body, []);
    const outsiderScopes = await gh.api('GET', `/api/organizations/${org.id}/users/${outsider.id}/scopes`);
    assert.equal(outsiderScopes.status, 200);
    assert.deepEqual(outsiderScopes.body, []);
    assert.deepEqual(ids(await rolesOf(org.id, member.id)), [role.id]);
    await gh.api('PATCH', `/api/organizations/${org.id}/users/${member.id}`, { status: 'Active' });
    assert.deepEqual(ids((await gh.api('GET', `/api/organizations/${org.id}/users/${member.id}/scopes`)).body), [scope.id]);
  });
});

describe('cascades', () => {
  it('removing a member removes their roles in that organization only', async () => {
    const user = await a.user();
    const role = await a.organizationRole();
    const [org1, org2] = await Promise.all([a.organization(), a.organization()]);
    await a.membership(org1.id, user.id, { roleIds: [role.id] });
    await a.membership(org2.id, user.id, { roleIds: [role.id] });
    await gh.api('DELETE', `/api/organizations/${org1.id}/users/${user.id}`);
    await gh.api('POST', `/api/organizations/${org1.id}/users`, { userIds: [user.id] });
    assert.deepEqual(await rolesOf(org1.id, user.id), []);
    assert.deepEqual(ids(await rolesOf(org2.id, user.id)), [role.id]);
  });

  it('deleting a role removes it from every member; deleting a scope removes it from permissions', async () => {
    const user = await a.user();
    const scope = await a.organizationScope();
    const [keep, gone] = await Promise.all([
      a.organizationRole({ organizationScopeIds: [scope.id] }),
      a.organizationRole(),
    ]);
    const org = await a.organization();
    await a.membership(org.id, user.id, { roleIds: [keep.id, gone.id] });
    assert.equal((await gh.api('DELETE', `/api/organization-roles/${gone.id}`)).status, 204);
    assert.deepEqual(ids(await rolesOf(org.id, user.id)), [keep.id]);
    assert.equal((await gh.api('DELETE', `/api/organization-scopes/${scope.id}`)).status, 204);
    assert.deepEqual((await gh.api('GET', `/api/organizations/${org.id}/users/${user.id}/scopes`)).body, []);
  });

  it("deleting a user removes their memberships and roles; the user's organizations list answers 404", async () => {
    const user = await a.user();
    const role = await a.organizationRole();
    const org = await a.organization();
    await a.membership(org.id, user.id, { roleIds: [role.id] });
    await gh.api('DELETE', `/api/users/${user.id}`);
    const rows = await gh.context.db.selectFrom('organizationRoleUserRelations').selectAll().where('userId', '=', user.id).execute();
    assert.deepEqual(rows, []);
    assert.equal((await gh.api('GET', `/api/users/${user.id}/organizations`)).status, 404);
  });

  it("the user's organizations carry their roles there", async () => {
    const user = await a.user();
    const role = await a.organizationRole();
    const org = await a.organization();
    await a.membership(org.id, user.id, { roleIds: [role.id] });
    const list = await gh.api('GET', `/api/users/${user.id}/organizations`);
    assert.deepEqual(list.body[0].organizationRoles, [{ id: role.id, name: role.name }]);
  });
});

describe("a member's roles are listed by name, whatever their ids", () => {
  it('in the member, the member list, the user\'s organizations, and for applications', async () => {
    // Named so that name order is the reverse of id order: PostgreSQL hands a member's roles over
    // in index (id) order, so an unsorted answer fails here.
    const [user, app] = await Promise.all([a.user(), a.m2mApp()]);
    const org = await a.organization({ members: [user.id] });
    const [u1, u2, u3] = (await Promise.all([a.organizationRole(), a.organizationRole(), a.organizationRole()])).sort((x, y) => (x.id < y.id ? -1 : 1));
    const [m1, m2] = (await Promise.all([a.organizationRole({ type: 'MachineToMachine' }), a.organizationRole({ type: 'MachineToMachine' })])).sort((x, y) => (x.id < y.id ? -1 : 1));
    const suffix = u1!.id.toLowerCase();
    const rename = async (role: { id: string }, name: string) => {
      assert.equal((await gh.api('PATCH', `/api/organization-roles/${role.id}`, { name })).status, 200);
      return { id: role.id, name };
    };
    const expectedUser = [await rename(u3!, `a-${suffix}`), await rename(u2!, `b-${suffix}`), await rename(u1!, `c-${suffix}`)];
    const expectedApp = [await rename(m2!, `d-${suffix}`), await rename(m1!, `e-${suffix}`)];
    const assign = await gh.api('POST', `/api/organizations/${org.id}/users/${user.id}/roles`, { organizationRoleIds: [u1!.id, u2!.id, u3!.id] });
    assert.equal(assign.status, 201);
    assert.equal((await gh.api('POST', `/api/organizations/${org.id}/applications`, { applicationIds: [app.id] })).status, 201);
    const appRoles = { applicationIds: [app.id], organizationRoleIds: [m1!.id, m2!.id] };
    assert.equal((await gh.api('POST', `/api/organizations/${org.id}/applications/roles`, appRoles)).status, 201);

    assert.deepEqual((await gh.api('GET', `/api/organizations/${org.id}/users/${user.id}`)).body.organizationRoles, expectedUser);
    assert.deepEqual((await gh.api('GET', `/api/organizations/${org.id}/users`)).body[0].organizationRoles, expectedUser);
    assert.deepEqual((await gh.api('GET', `/api/users/${user.id}/organizations`)).body[0].organizationRoles, expectedUser);
    assert.deepEqual((await gh.api('GET', `/api/organizations/${org.id}/applications`)).body[0].organizationRoles, expectedApp);
    assert.deepEqual((await gh.api('GET', `/api/applications/${app.id}/organizations`)).body[0].organizationRoles, expectedApp);
  });
});

describe('the member list names each member\'s own roles', () => {
  it('on every page: shared roles, roles held on one page only, and members without roles', async () => {
    const users = (await Promise.all([a.user(), a.user(), a.user(), a.user(), a.user()])).sort((x, y) => (x.id < y.id ? -1 : 1));
    const org = await a.organization({ members: users.map((user) => user.id) });
    const [shared, firstPage, secondPage] = await Promise.all([a.organizationRole(), a.organizationRole(), a.organizationRole()]);
    const held: Array<Array<{ id: string; name: string }>> = [[shared!, firstPage!], [], [shared!], [secondPage!, shared!], []];
    for (const [index, roles] of held.entries()) {
      if (roles.length === 0) continue;
      const body = { organizationRoleIds: roles.map((role) => role.id) };
      assert.equal((await gh.api('POST', `/api/organizations/${org.id}/users/${users[index]!.id}/roles`, body)).status, 201);
    }
    const expected = held.map((roles) =>
      roles.map((role) => ({ id: role.id, name: role.name })).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)),
    );
    const pages = await Promise.all(
      [1, 2, 3].map(async (page) => (await gh.api('GET', `/api/organizations/${org.id}/users?page_size=2&page=${page}`)).body),
    );
    assert.deepEqual(pages.flat().map((member: { id: string }) => member.id), ids(users));
    assert.deepEqual(pages.flat().map((member: { organizationRoles: unknown }) => member.organizationRoles), expected);
    // The last page holds no role at all; its member still lists an empty array.
    assert.deepEqual(pages[2], [{ ...pages[2][0], organizationRoles: [] }]);
    // Renaming a role shows at once on the next page read.
    assert.equal((await gh.api('PATCH', `/api/organization-roles/${shared!.id}`, { name: `${shared!.name}-renamed` })).status, 200);
    const renamed = (await gh.api('GET', `/api/organizations/${org.id}/users?page_size=2&page=2`)).body;
    assert.deepEqual(renamed[0].organizationRoles, [{ id: shared!.id, name: `${shared!.name}-renamed` }]);
  });
});
