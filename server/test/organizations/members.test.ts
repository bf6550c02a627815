import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';
import { countStatements } from './support.ts';

const gh = await startGuildhall();
const a = given(gh);
const ids = (list: Array<{ id: string }>) => list.map((item) => item.id);
const sorted = (list: string[]) => [...list].sort();
const membersOf = async (organizationId: string) =>
  ids((await gh.api('GET', `/api/organizations/${organizationId}/users?page_size=100`)).body);

describe('POST /api/organizations/:id/users', () => {
  it('adds members (201, echoing the body), idempotently', async () => {
    const [u1, u2] = await Promise.all([a.user(), a.user()]);
    const org = await a.organization();
    const response = await gh.api('POST', `/api/organizations/${org.id}/users`, { userIds: [u1.id, u2.id, u1.id] });
    assert.equal(response.status, 201);
    assert.deepEqual(response.body, { userIds: [u1.id, u2.id, u1.id] });
    const again = await gh.api('POST', `/api/organizations/${org.id}/users`, { userIds: [u1.id] });
    assert.equal(again.status, 201);
    assert.deepEqual(await membersOf(org.id), sorted([u1.id, u2.id]));
  });

  it('rejects the whole batch with 422 when a user or the organization is unknown', async () => {
    const user = await a.user();
    const org = await a.organization();
    const unknownUser = await gh.api('POST', `/api/organizations/${org.id}/users`, { userIds: [user.id, 'ghost'] });
    assert.equal(unknownUser.status, 422);
    assert.equal(unknownUser.body.code, 'entity.relation_foreign_key_not_found');
    assert.deepEqual(await membersOf(org.id), []);
    const unknownOrg = await gh.api('POST', '/api/organizations/ghost/users', { userIds: [user.id] });
    assert.equal(unknownOrg.status, 422);
    assert.equal(unknownOrg.body.code, 'entity.relation_foreign_key_not_found');
  });

  it('rejects an empty or malformed list with 400', async () => {
    const org = await a.organization();
    for (const body of [{ userIds: [] }, {}, { userIds: 'x' }, { userIds: [''] }, { userIds: [1] }]) {
      const response = await gh.api('POST', `/api/organizations/${org.id}/users`, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.code, 'guard.invalid_input');
    }
  });

  it('loses nothing when two bulk adds of different users run in parallel', async () => {
    const org = await a.organization();
    const users = await Promise.all(Array.from({ length: 12 }, () => a.user()));
    const first = ids(users.slice(0, 6));
    const second = ids(users.slice(6));
    const results = await Promise.all([
      gh.api('POST', `/api/organizations/${org.id}/users`, { userIds: first }),
      gh.api('POST', `/api/organizations/${org.id}/users`, { userIds: second }),
      gh.api('POST', `/api/organizations/${org.id}/users`, { userIds: [...second.slice(0, 3), ...first.slice(0, 3)] }),
    ]);
    assert.deepEqual(results.map((r) => r.status), [201, 201, 201]);
    assert.deepEqual(await membersOf(org.id), sorted(ids(users)));
  });
});

describe('PUT /api/organizations/:id/users', () => {
  it('replaces by delta: survivors keep their status and join date, leavers go, newcomers join', async () => {
    const [stay, leave, join] = await Promise.all([a.user(), a.user(), a.user()]);
    const org = await a.organization({ members: [stay.id, leave.id] });
    const before = await a.membership(org.id, stay.id, { status: 'Suspended' });
    const response = await gh.api('PUT', `/api/organizations/${org.id}/users`, { userIds: [stay.id, join.id, join.id] });
    assert.equal(response.status, 204);
    assert.deepEqual(await membersOf(org.id), sorted([stay.id, join.id]));
    const after = await gh.api('GET', `/api/organizations/${org.id}/users/${stay.id}`);
    assert.equal(after.body.status, 'Suspended');
    assert.equal(after.body.joinedAt, before.joinedAt);
    assert.equal((await gh.api('GET', `/api/organizations/${org.id}/users/${leave.id}`)).status, 404);
  });

  it('empties the organization with [] and rejects unknown users (422) without changing anything', async () => {
    const [u1, u2] = await Promise.all([a.user(), a.user()]);
    const org = await a.organization({ members: [u1.id] });
    const bad = await gh.api('PUT', `/api/organizations/${org.id}/users`, { userIds: [u2.id, 'ghost'] });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.code, 'entity.relation_foreign_key_not_found');
    assert.deepEqual(await membersOf(org.id), [u1.id]);
    assert.equal((await gh.api('PUT', `/api/organizations/${org.id}/users`, { userIds: [] })).status, 204);
    assert.deepEqual(await membersOf(org.id), []);
    const unknownOrg = await gh.api('PUT', '/api/organizations/ghost/users', { userIds: [] });
    assert.equal(unknownOrg.status, 422);
    assert.equal(unknownOrg.body.code, 'entity.relation_foreign_key_not_found');
    assert.equal((await gh.api('PUT', `/api/organizations/${org.id}/users`, {})).status, 400);
  });

  it('ends consistent when PUTs and POSTs race on one organization', async () => {
    const org = await a.organization();
    const users = await Promise.all(Array.from({ length: 9 }, () => a.user()));
    const sets = [ids(users.slice(0, 3)), ids(users.slice(3, 6)), ids(users.slice(6, 9))];
    const results = await Promise.all(sets.map((userIds) => gh.api('PUT', `/api/organizations/${org.id}/users`, { userIds })));
    assert.deepEqual(results.map((r) => r.status), [204, 204, 204]);
    const final = await membersOf(org.id);
    assert.ok(sets.some((set) => JSON.stringify(sorted(set)) === JSON.stringify(final)), `mixed result: ${final}`);

    // A PUT and a POST of a disjoint user: the POST's user survives if it ran after the PUT.
    const extra = await a.user();
    const [put, post] = await Promise.all([
      gh.api('PUT', `/api/organizations/${org.id}/users`, { userIds: sets[0] }),
      gh.api('POST', `/api/organizations/${org.id}/users`, { userIds: [extra.id] }),
    ]);
    assert.equal(put.status, 204);
    assert.equal(post.status, 201);
    const members = await membersOf(org.id);
    for (const id of sets[0]!) assert.ok(members.includes(id));
    assert.ok(members.length === 3 || (members.length === 4 && members.includes(extra.id)));
  });
});

describe('GET /api/organizations/:id/users', () => {
  it('lists members by user id with the user shape, roles and membership; paginated', async () => {
    const users = await Promise.all(
      Array.from({ length: 5 }, (_, i) => a.user({ name: `Member ${i}`, customData: { snake_case: i } })),
    );
    const org = await a.organization({ members: ids(users) });
    const page1 = await gh.api('GET', `/api/organizations/${org.id}/users?page_size=2`);
    assert.equal(page1.status, 200);
    assert.equal(page1.headers['total-number'], '5');
    assert.match(String(page1.headers.link), /rel="next"/);
    const all = await gh.api('GET', `/api/organizations/${org.id}/users`);
    assert.deepEqual(ids(all.body), sorted(ids(users)));
    assert.deepEqual(ids(page1.body), sorted(ids(users)).slice(0, 2));
    const member = all.body.find((m: { id: string }) => m.id === users[0].id);
    const user = (await gh.api('GET', `/api/users/${users[0].id}`)).body;
    const { organizationRoles, membership, ...userFields } = member;
    // The same user shape as /api/users (customData compared apart: see below).
    assert.deepEqual({ ...userFields, customData: null }, { ...user, customData: null });
    // Stored JSON keys come back as stored, not camel-cased.
    assert.deepEqual(userFields.customData, { snake_case: 0 });
    assert.equal(userFields.passwordDigest, undefined);
    assert.deepEqual(organizationRoles, []);
    assert.equal(membership.status, 'Active');
    assert.equal(typeof membership.joinedAt, 'number');
  });

  it('searches user id, email, phone, username and name', async () => {
    const tag = a.unique('s').toLowerCase();
    const byEmail = await a.user({ primaryEmail: `${tag}@example.com` });
    const byName = await a.user({ name: `Name ${tag.toUpperCase()}` });
    const byPhone = await a.user({ primaryPhone: '+1 555 0100' });
    const other = await a.user();
    const org = await a.organization({ members: ids([byEmail, byName, byPhone, other]) });
    const search = async (q: string) =>
      ids((await gh.api('GET', `/api/organizations/${org.id}/users?q=${encodeURIComponent(q)}`)).body);
    assert.deepEqual(await search(tag), sorted([byEmail.id, byName.id]));
    assert.deepEqual(await search('555 0100'), [byPhone.id]);
    assert.deepEqual(await search(other.username.toUpperCase()), [other.id]);
    assert.deepEqual(await search(other.id), [other.id]);
    assert.deepEqual(await search('nothing-matches'), []);
  });

  it('filters by status; an unknown organization has no members; bad filters are 400', async () => {
    const [u1, u2] = await Promise.all([a.user(), a.user()]);
    const org = await a.organization({ members: [u1.id, u2.id] });
    await a.membership(org.id, u2.id, { status: 'Suspended' });
    const suspended = await gh.api('GET', `/api/organizations/${org.id}/users?status=Suspended`);
    assert.deepEqual(ids(suspended.body), [u2.id]);
    assert.equal(suspended.headers['total-number'], '1');
    assert.equal(suspended.body[0].membership.status, 'Suspended');
    assert.deepEqual(ids((await gh.api('GET', `/api/organizations/${org.id}/users?status=Active`)).body), [u1.id]);
    const unknown = await gh.api('GET', '/api/organizations/ghost/users');
    assert.equal(unknown.status, 200);
    assert.deepEqual(unknown.body, []);
    for (const query of ['status=Pending', 'organizationRoleId=', 'page=0']) {
      const bad = await gh.api('GET', `/api/organizations/${org.id}/users?${query}`);
      assert.equal(bad.status, 400, query);
      assert.equal(bad.body.code, query.startsWith('page') ? 'guard.invalid_pagination' : 'guard.invalid_input', query);
    }
  });

  it('uses a constant number of statements per page, whatever its size', async () => {
    const users = await Promise.all(Array.from({ length: 8 }, () => a.user()));
    const org = await a.organization({ members: ids(users) });
    const small = await countStatements(gh, () => gh.api('GET', `/api/organizations/${org.id}/users?page_size=1`));
    const large = await countStatements(gh, () => gh.api('GET', `/api/organizations/${org.id}/users?page_size=8`));
    assert.equal(large.result.body.length, 8);
    assert.ok(small.statements > 0);
    assert.equal(large.statements, small.statements);
    assert.ok(large.statements <= 3, `${large.statements} statements`);
  });
});

describe('DELETE /api/organizations/:id/users/:userId', () => {
  it('removes a member (204) and answers 404 entity.not_found for a non-member', async () => {
    const [u1, u2] = await Promise.all([a.user(), a.user()]);
    const org = await a.organization({ members: [u1.id, u2.id] });
    assert.equal((await gh.api('DELETE', `/api/organizations/${org.id}/users/${u1.id}`)).status, 204);
    assert.deepEqual(await membersOf(org.id), [u2.id]);
    for (const path of [`${org.id}/users/${u1.id}`, `ghost/users/${u2.id}`, `${org.id}/users/ghost`]) {
      const response = await gh.api('DELETE', `/api/organizations/${path}`);
      assert.equal(response.status, 404, path);
      assert.equal(response.body.code, 'entity.not_found');
    }
  });

  it('deleting a user removes their memberships', async () => {
    const user = await a.user();
    const org = await a.organization({ members: [user.id] });
    assert.equal((await gh.api('DELETE', `/api/users/${user.id}`)).status, 204);
    assert.deepEqual(await membersOf(org.id), []);
  });
});

describe('the membership resource (Guildhall extension)', () => {
  it('GET answers the membership and 404 for a non-member', async () => {
    const user = await a.user();
    const org = await a.organization({ members: [user.id] });
    const response = await gh.api('GET', `/api/organizations/${org.id}/users/${user.id}`);
    assert.equal(response.status, 200);
    assert.deepEqual(Object.keys(response.body).sort(), ['joinedAt', 'organizationId', 'organizationRoles', 'status', 'userId']);
    assert.equal(response.body.organizationId, org.id);
    assert.equal(response.body.userId, user.id);
    assert.equal(response.body.status, 'Active');
    assert.ok(Math.abs(response.body.joinedAt - Date.now()) < 60_000);
    assert.deepEqual(response.body.organizationRoles, []);
    const other = await a.user();
    for (const path of [`${org.id}/users/${other.id}`, `ghost/users/${user.id}`]) {
      const missing = await gh.api('GET', `/api/organizations/${path}`);
      assert.equal(missing.status, 404);
      assert.equal(missing.body.code, 'entity.not_found');
    }
  });

  it('PATCH suspends and reactivates; bad status is 400, non-member 404', async () => {
    const user = await a.user();
    const org = await a.organization({ members: [user.id] });
    const suspended = await gh.api('PATCH', `/api/organizations/${org.id}/users/${user.id}`, { status: 'Suspended' });
    assert.equal(suspended.status, 200);
    assert.equal(suspended.body.status, 'Suspended');
    const active = await gh.api('PATCH', `/api/organizations/${org.id}/users/${user.id}`, { status: 'Active' });
    assert.equal(active.body.status, 'Active');
    assert.equal(active.body.joinedAt, suspended.body.joinedAt);
    for (const body of [{ status: 'Pending' }, {}, { status: 'active' }]) {
      const bad = await gh.api('PATCH', `/api/organizations/${org.id}/users/${user.id}`, body);
      assert.equal(bad.status, 400, JSON.stringify(body));
      assert.equal(bad.body.code, 'guard.invalid_input');
    }
    const missing = await gh.api('PATCH', `/api/organizations/${org.id}/users/ghost`, { status: 'Suspended' });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 'entity.not_found');
  });
});

describe('GET /api/users/:userId/organizations', () => {
  it('lists every organization of the user with roles and membership, paginated on request', async () => {
    const user = await a.user();
    const orgs: any[] = [];
    for (let i = 0; i < 3; i++) orgs.push(await a.organization({ members: [user.id], customData: { k_i: i } }));
    await a.organization(); // not a member
    await a.membership(orgs[0].id, user.id, { status: 'Suspended' });
    const all = await gh.api('GET', `/api/users/${user.id}/organizations`);
    assert.equal(all.status, 200);
    assert.equal(all.headers['total-number'], undefined);
    assert.deepEqual(ids(all.body), ids([...orgs].reverse()));
    const first = all.body.find((o: { id: string }) => o.id === orgs[0].id);
    const { organizationRoles, membership, ...organization } = first;
    assert.deepEqual(organization, orgs[0]);
    assert.deepEqual(organizationRoles, []);
    assert.equal(membership.status, 'Suspended');
    const page = await gh.api('GET', `/api/users/${user.id}/organizations?page=2&page_size=2`);
    assert.equal(page.headers['total-number'], '3');
    assert.deepEqual(ids(page.body), [orgs[0].id]);
  });

  it('answers 404 for an unknown user and [] for a user without organizations', async () => {
    const missing = await gh.api('GET', '/api/users/ghost/organizations');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 'entity.not_exists_with_id');
    const loner = await a.user();
    assert.deepEqual((await gh.api('GET', `/api/users/${loner.id}/organizations`)).body, []);
  });
});
