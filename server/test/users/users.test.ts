import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startGuildhall } from '../support/guildhall.ts';

const gh = await startGuildhall();

describe('users', () => {
  it('creates a user without ever returning the password digest', async () => {
    const created = await gh.api('POST', '/api/users', {
      username: 'ada',
      primaryEmail: 'ada@example.com',
      name: 'Ada',
      password: 'analytical-engine',
      customData: { plan: 'pro' },
      passwordDigest: 'injected',
    });
    assert.equal(created.status, 200);
    assert.equal(created.body.username, 'ada');
    assert.equal(created.body.hasPassword, true);
    assert.deepEqual(created.body.customData, { plan: 'pro' });
    assert.equal(created.body.id.length, 12);
    assert.ok(!('passwordDigest' in created.body));
    assert.ok(!created.text.includes('argon2'));
    const fetched = await gh.api('GET', `/api/users/${created.body.id}`);
    assert.deepEqual(fetched.body, created.body);
  });

  it('keeps usernames and emails unique regardless of case', async () => {
    await gh.api('POST', '/api/users', { username: 'grace', primaryEmail: 'grace@example.com' });
    const sameName = await gh.api('POST', '/api/users', { username: 'GRACE' });
    assert.equal(sameName.status, 422);
    assert.equal(sameName.body.code, 'user.username_already_in_use');
    const sameEmail = await gh.api('POST', '/api/users', { primaryEmail: 'Grace@Example.com' });
    assert.equal(sameEmail.status, 422);
    assert.equal(sameEmail.body.code, 'user.email_already_in_use');
  });

  it('rejects invalid input with 400 guard.invalid_input', async () => {
    for (const body of [
      { username: 'has space' },
      { primaryEmail: 'not-an-email' },
      { password: 'short' },
      { customData: 'string' },
      { username: 42 },
    ]) {
      const response = await gh.api('POST', '/api/users', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.code, 'guard.invalid_input');
    }
  });

  it('lists newest first with search and pagination headers', async () => {
    const names = ['searchable-one', 'searchable-two', 'searchable-three'];
    for (const username of names) assert.equal((await gh.api('POST', '/api/users', { username })).status, 200);
    const page1 = await gh.api('GET', '/api/users?search=searchable&page=1&page_size=2');
    assert.equal(page1.status, 200);
    assert.equal(page1.headers['total-number'], '3');
    assert.deepEqual(
      page1.body.map((user: { username: string }) => user.username),
      ['searchable-three', 'searchable-two'],
    );
    assert.match(String(page1.headers.link), /rel="next"/);
    const page2 = await gh.api('GET', '/api/users?search=searchable&page=2&page_size=2');
    assert.deepEqual(page2.body.map((user: { username: string }) => user.username), ['searchable-one']);
    // Logto's Console wraps the keyword in %…%; a literal % or _ in the keyword matches itself.
    assert.equal((await gh.api('GET', '/api/users?search=%25searchable-t%25')).body.length, 2);
    assert.equal((await gh.api('GET', '/api/users?search=searchable_one')).body.length, 0);
    for (const query of ['page=0', 'page_size=101', 'page=abc']) {
      const response = await gh.api('GET', `/api/users?${query}`);
      assert.equal(response.status, 400, query);
      assert.equal(response.body.code, 'guard.invalid_pagination');
    }
  });

  it('pages by key with `before`: every user once, in order, unshifted by new users; a deleted cursor is a 400', async () => {
    const tag = `keyset${Date.now()}`;
    // Five share one created_at (the tie-break by id must hold across pages), two come later.
    const ids = Array.from({ length: 5 }, (_, i) => `${tag.slice(-10)}u${i}`);
    await gh.context.db
      .insertInto('users')
      .values(ids.map((id, i) => ({ id, username: `${tag}-${i}`, customData: '{}', identities: '{}', profile: '{}' })))
      .execute();
    for (const suffix of ['later-1', 'later-2']) assert.equal((await gh.api('POST', '/api/users', { username: `${tag}-${suffix}` })).status, 200);
    const expected = (await gh.api('GET', `/api/users?search=${tag}&page_size=100`)).body.map((user: { id: string }) => user.id);
    assert.equal(expected.length, 7);

    const first = await gh.api('GET', `/api/users?search=${tag}&page_size=3`);
    const walked: string[] = first.body.map((user: { id: string }) => user.id);
    let next: string | undefined = `/api/users?search=${tag}&before=${walked.at(-1)}&page_size=3`;
    let pages = 0;
    while (next) {
      const page = await gh.api('GET', next);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      assert.equal(page.headers['total-number'], undefined, 'keyset pages count nothing');
      walked.push(...page.body.map((user: { id: string }) => user.id));
      if (pages++ === 0) assert.equal((await gh.api('POST', '/api/users', { username: `${tag}-during` })).status, 200);
      const link = page.headers.link as string | undefined;
      next = link ? /^<([^>]+)>; rel="next"$/.exec(link)?.[1] : undefined;
      if (next) assert.match(next, new RegExp(`[?&]search=${tag}(&|$)`), 'the next page keeps the filter');
    }
    assert.deepEqual(walked, expected, 'every user once, in the list order');
    assert.equal(pages, 2);

    assert.equal((await gh.api('DELETE', `/api/users/${expected[3]}`)).status, 204);
    const gone = await gh.api('GET', `/api/users?search=${tag}&before=${expected[3]}`);
    assert.equal(gone.status, 400);
    assert.deepEqual([gone.body.code, gone.body.data.field], ['guard.invalid_pagination', 'before']);
    const last = await gh.api('GET', `/api/users?search=${tag}&before=${expected.at(-1)}`);
    assert.deepEqual([last.status, last.body, last.headers.link], [200, [], undefined]);
  });

  it('leaves out the members of an organization with excludeOrganizationId (the member picker)', async () => {
    const [member, outsider] = await Promise.all(
      ['picker-member', 'picker-outsider'].map(async (username) => (await gh.api('POST', '/api/users', { username })).body),
    );
    const organization = (await gh.api('POST', '/api/organizations', { name: 'Picker' })).body;
    assert.equal((await gh.api('POST', `/api/organizations/${organization.id}/users`, { userIds: [member.id] })).status, 201);
    const listed = await gh.api('GET', `/api/users?search=picker-&excludeOrganizationId=${organization.id}`);
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body.map((user: { id: string }) => user.id), [outsider.id]);
    assert.equal(listed.headers['total-number'], '1');
    const app = (await gh.api('POST', '/api/applications', { name: 'picker-app', type: 'MachineToMachine' })).body;
    assert.equal((await gh.api('POST', `/api/organizations/${organization.id}/applications`, { applicationIds: [app.id] })).status, 201);
    const apps = await gh.api('GET', `/api/applications?search=picker-app&excludeOrganizationId=${organization.id}`);
    assert.deepEqual(apps.body, []);
  });

  it('updates, suspends, sets a password and deletes', async () => {
    const { body: user } = await gh.api('POST', '/api/users', { username: 'linus' });
    const patched = await gh.api('PATCH', `/api/users/${user.id}`, { name: 'Linus', customData: { a: 1 } });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.name, 'Linus');
    assert.ok(patched.body.updatedAt >= user.updatedAt);
    const suspended = await gh.api('PATCH', `/api/users/${user.id}/is-suspended`, { isSuspended: true });
    assert.equal(suspended.body.isSuspended, true);
    const notBoolean = await gh.api('PATCH', `/api/users/${user.id}/is-suspended`, { isSuspended: 'true' });
    assert.equal(notBoolean.status, 400, 'body types are not coerced');
    const password = await gh.api('PATCH', `/api/users/${user.id}/password`, { password: 'a-long-password' });
    assert.equal(password.body.hasPassword, true);
    assert.equal((await gh.api('DELETE', `/api/users/${user.id}`)).status, 204);
    const gone = await gh.api('GET', `/api/users/${user.id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.code, 'entity.not_exists_with_id');
    assert.equal((await gh.api('DELETE', `/api/users/${user.id}`)).status, 404);
    assert.equal((await gh.api('PATCH', `/api/users/${user.id}`, { name: 'x' })).status, 404);
  });
});
