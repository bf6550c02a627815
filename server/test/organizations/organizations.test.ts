import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';
import { countStatements } from './support.ts';

const gh = await startGuildhall();
const a = given(gh);

describe('POST /api/organizations', () => {
  it('creates an organization with a 12-character id and every default', async () => {
    const response = await gh.api('POST', '/api/organizations', { name: 'Acme' });
    assert.equal(response.status, 201);
    assert.match(response.body.id, /^[0-9a-z]{12}$/);
    assert.deepEqual({ ...response.body, id: undefined, createdAt: undefined }, {
      tenantId: 'default',
      id: undefined,
      name: 'Acme',
      description: null,
      customData: {},
      isMfaRequired: false,
      color: {},
      branding: {},
      customCss: null,
      createdAt: undefined,
    });
    assert.equal(typeof response.body.createdAt, 'number');
  });

  it('stores every field given', async () => {
    const body = {
      name: 'Globex',
      description: 'A company',
      customData: { plan: 'pro', seats: 5, nested: { a: [1, 2] }, snake_key: { inner_key: true } },
      isMfaRequired: true,
      color: { primaryColor: '#112233', isDarkModeEnabled: true, darkPrimaryColor: '#445566' },
      branding: { logoUrl: 'https://example.com/logo.png', favicon: 'https://example.com/favicon.ico' },
      customCss: 'body { color: red; }',
    };
    const created = await gh.api('POST', '/api/organizations', body);
    assert.equal(created.status, 201);
    const fetched = await gh.api('GET', `/api/organizations/${created.body.id}`);
    assert.equal(fetched.status, 200);
    assert.deepEqual(fetched.body, created.body);
    for (const [key, value] of Object.entries(body)) assert.deepEqual(fetched.body[key], value, key);
  });

  it('rejects invalid bodies with 400 guard.invalid_input', async () => {
    for (const body of [
      {},
      { name: '' },
      { name: 'x'.repeat(129) },
      { name: 5 },
      { name: 'ok', customData: 'b' },
      { name: 'ok', customData: [1] },
      { name: 'ok', description: 'x'.repeat(257) },
      { name: 'ok', isMfaRequired: 'true' },
      { name: 'ok', color: { primaryColor: 'red' } },
      { name: 'ok', branding: { logoUrl: 'not a url' } },
    ]) {
      const response = await gh.api('POST', '/api/organizations', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.code, 'guard.invalid_input', JSON.stringify(body));
    }
  });

  it('ignores unknown keys (stripped, as Logto)', async () => {
    const response = await gh.api('POST', '/api/organizations', { name: 'Strip', id: 'chosen-id', tenantId: 'x', bogus: 1 });
    assert.equal(response.status, 201);
    assert.notEqual(response.body.id, 'chosen-id');
    assert.equal(response.body.bogus, undefined);
  });
});

describe('GET/PATCH/DELETE /api/organizations/:id', () => {
  it('answers 404 entity.not_exists_with_id for an unknown id', async () => {
    const response = await gh.api('GET', '/api/organizations/nope');
    assert.equal(response.status, 404);
    assert.equal(response.body.code, 'entity.not_exists_with_id');
  });

  it('patches a subset, replacing JSON fields instead of merging them', async () => {
    const org = await a.organization({ description: 'before', customData: { a: 1, b: 2 }, color: { primaryColor: '#000000' } });
    const response = await gh.api('PATCH', `/api/organizations/${org.id}`, { customData: { c: 3 }, description: null });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body.customData, { c: 3 });
    assert.equal(response.body.description, null);
    assert.equal(response.body.name, org.name);
    assert.deepEqual(response.body.color, { primaryColor: '#000000' });
    const again = await gh.api('PATCH', `/api/organizations/${org.id}`, { color: {}, name: 'Renamed' });
    assert.deepEqual(again.body.color, {});
    assert.equal(again.body.name, 'Renamed');
    assert.deepEqual((await gh.api('GET', `/api/organizations/${org.id}`)).body, again.body);
  });

  it('answers an empty PATCH with the organization, and a bad one with 400', async () => {
    const org = await a.organization();
    const empty = await gh.api('PATCH', `/api/organizations/${org.id}`, {});
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body, org);
    const bad = await gh.api('PATCH', `/api/organizations/${org.id}`, { customData: 'b' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'guard.invalid_input');
    const nullName = await gh.api('PATCH', `/api/organizations/${org.id}`, { name: null });
    assert.equal(nullName.status, 400);
  });

  it('answers PATCH and DELETE of an unknown id with 404', async () => {
    const patch = await gh.api('PATCH', '/api/organizations/nope', { name: 'x' });
    assert.equal(patch.status, 404);
    assert.equal(patch.body.code, 'entity.not_exists');
    const emptyPatch = await gh.api('PATCH', '/api/organizations/nope', {});
    assert.equal(emptyPatch.status, 404);
    const del = await gh.api('DELETE', '/api/organizations/nope');
    assert.equal(del.status, 404);
    assert.equal(del.body.code, 'entity.not_found');
  });

  it('deletes with 204 and cascades memberships, member roles and applications', async () => {
    const user = await a.user();
    const app = await a.m2mApp();
    const org = await a.organization({ members: [user.id] });
    assert.equal((await gh.api('POST', `/api/organizations/${org.id}/applications`, { applicationIds: [app.id] })).status, 201);
    const response = await gh.api('DELETE', `/api/organizations/${org.id}`);
    assert.equal(response.status, 204);
    assert.equal(response.text, '');
    assert.equal((await gh.api('GET', `/api/organizations/${org.id}`)).status, 404);
    assert.deepEqual((await gh.api('GET', `/api/users/${user.id}/organizations`)).body, []);
    assert.deepEqual((await gh.api('GET', `/api/applications/${app.id}/organizations`)).body, []);
    const rows = await gh.context.db
      .selectFrom('organizationUserRelations')
      .select('userId')
      .where('organizationId', '=', org.id)
      .execute();
    assert.deepEqual(rows, []);
    // The user and the application themselves remain.
    assert.equal((await gh.api('GET', `/api/users/${user.id}`)).status, 200);
    assert.equal((await gh.api('GET', `/api/applications/${app.id}`)).status, 200);
  });
});

/** Five organizations named `<tag> <id>`, inserted in one statement so that they share created_at; their ids. */
async function simultaneousOrganizations(tag: string): Promise<string[]> {
  const ids = Array.from({ length: 5 }, (_, i) => `${tag.slice(-8)}${i}`.padEnd(12, '0').slice(0, 12));
  await gh.context.db
    .insertInto('organizations')
    .values(ids.map((id) => ({ id, name: `${tag} ${id}`, customData: '{}', color: '{}', branding: '{}' })))
    .execute();
  return ids;
}

describe('GET /api/organizations', () => {
  it('lists newest first with a stable tie-break, paginated with Total-Number and Link', async () => {
    const tag = a.unique('page');
    // Created in one statement so that they share created_at: the order must still be stable (id desc).
    const ids = await simultaneousOrganizations(tag);
    const later = await a.organization({ name: `${tag} later` });

    const page1 = await gh.api('GET', `/api/organizations?q=${tag}&page=1&page_size=2`);
    assert.equal(page1.status, 200);
    assert.equal(page1.headers['total-number'], '6');
    assert.match(String(page1.headers.link), /rel="next"/);
    assert.equal(
      page1.headers.link,
      `</api/organizations?q=${tag}&page=1&page_size=2>; rel="first", </api/organizations?q=${tag}&page=2&page_size=2>; rel="next", ` +
        `</api/organizations?q=${tag}&page=3&page_size=2>; rel="last"`,
    );
    const all = await gh.api('GET', `/api/organizations?q=${tag}&page_size=100`);
    const expected = [later.id, ...[...ids].sort().reverse()];
    assert.deepEqual(all.body.map((o: { id: string }) => o.id), expected);
    assert.deepEqual(page1.body.map((o: { id: string }) => o.id), expected.slice(0, 2));
    const page3 = await gh.api('GET', `/api/organizations?q=${tag}&page=3&page_size=2`);
    assert.deepEqual(page3.body.map((o: { id: string }) => o.id), expected.slice(4, 6));
    assert.doesNotMatch(String(page3.headers.link), /rel="next"/);
    // Plain list items carry no featured fields.
    assert.equal(all.body[0].usersCount, undefined);
    assert.equal(all.body[0].featuredUsers, undefined);
  });

  it('pages by key with `before`: the whole list once, in order, unshifted by new organizations', async () => {
    const tag = a.unique('keyset');
    // Five share one created_at (the tie-break by id must hold across pages), two come later.
    await simultaneousOrganizations(tag);
    await a.organization({ name: `${tag} later 1` });
    await a.organization({ name: `${tag} later 2` });
    const expected = (await gh.api('GET', `/api/organizations?q=${tag}&page_size=100`)).body.map((o: { id: string }) => o.id);
    assert.equal(expected.length, 7);

    // Start from the first page's last organization, then follow `Link: rel="next"` to the end.
    const first = await gh.api('GET', `/api/organizations?q=${tag}&page_size=3&showFeatured=1`);
    const walked: string[] = first.body.map((o: { id: string }) => o.id);
    let next: string | undefined = `/api/organizations?q=${tag}&showFeatured=1&before=${walked.at(-1)}&page_size=3`;
    let pages = 0;
    while (next) {
      const page = await gh.api('GET', next);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      assert.equal(page.headers['total-number'], undefined, 'keyset pages count nothing');
      assert.equal(typeof page.body[0]?.usersCount, page.body.length ? 'number' : 'undefined', 'other parameters still apply');
      walked.push(...page.body.map((o: { id: string }) => o.id));
      // Created mid-walk: newest, so it belongs before every page still to come, which it must not shift.
      if (pages++ === 0) await a.organization({ name: `${tag} during the walk` });
      const link = page.headers.link as string | undefined;
      next = link ? /^<([^>]+)>; rel="next"$/.exec(link)?.[1] : undefined;
      if (link) assert.ok(next, link);
      if (next) assert.match(next, new RegExp(`[?&]q=${tag}(&|$)`), 'the next page keeps the filter');
    }
    assert.deepEqual(walked, expected, 'every organization once, in the list order');
    assert.equal(pages, 2, 'the second keyset page is the last: it is not full');

    // `before` names the last organization: nothing after it, and no Link.
    const end = await gh.api('GET', `/api/organizations?q=${tag}&before=${expected.at(-1)}`);
    assert.deepEqual([end.status, end.body, end.headers.link], [200, [], undefined]);
  });

  it('answers 400 guard.invalid_pagination when the `before` organization is gone', async () => {
    const tag = a.unique('gone');
    const older = await a.organization({ name: `${tag} older` });
    const cursor = await a.organization({ name: `${tag} cursor` });
    const live = await gh.api('GET', `/api/organizations?q=${tag}&before=${cursor.id}`);
    assert.deepEqual(live.body.map((o: { id: string }) => o.id), [older.id]);
    assert.equal((await gh.api('DELETE', `/api/organizations/${cursor.id}`)).status, 204);
    const gone = await gh.api('GET', `/api/organizations?q=${tag}&before=${cursor.id}`);
    assert.equal(gone.status, 400);
    assert.equal(gone.body.code, 'guard.invalid_pagination');
    assert.equal(gone.body.data.field, 'before');
    assert.match(gone.body.data.reason, new RegExp(cursor.id));
    for (const query of ['before=', `before=${'x'.repeat(257)}`]) {
      const bad = await gh.api('GET', `/api/organizations?${query}`);
      assert.equal(bad.status, 400, query);
    }
  });

  it('defaults to 20 per page and requires valid pagination', async () => {
    const tag = a.unique('many');
    for (let i = 0; i < 21; i++) await a.organization({ name: `${tag}-${i}` });
    const response = await gh.api('GET', `/api/organizations?q=${tag}`);
    assert.equal(response.body.length, 20);
    assert.equal(response.headers['total-number'], '21');
    for (const query of ['page=0', 'page_size=0', 'page_size=101', 'page=abc']) {
      const bad = await gh.api('GET', `/api/organizations?${query}`);
      assert.equal(bad.status, 400, query);
      assert.equal(bad.body.code, 'guard.invalid_pagination', query);
    }
  });

  it('searches id and name case-insensitively; % and _ are literal', async () => {
    const tag = a.unique('srch');
    const org = await a.organization({ name: `${tag} Mixed_Case` });
    const other = await a.organization({ name: `${tag} other` });
    const byName = await gh.api('GET', `/api/organizations?q=${encodeURIComponent(`${tag} mIXED`)}`);
    assert.deepEqual(byName.body.map((o: { id: string }) => o.id), [org.id]);
    const byId = await gh.api('GET', `/api/organizations?q=${other.id.toUpperCase()}`);
    assert.deepEqual(byId.body.map((o: { id: string }) => o.id), [other.id]);
    const underscore = await gh.api('GET', `/api/organizations?q=${encodeURIComponent(`${tag} Mixed_`)}`);
    assert.deepEqual(underscore.body.map((o: { id: string }) => o.id), [org.id]);
    const wildcard = await gh.api('GET', `/api/organizations?q=${encodeURIComponent(`${tag} M_xed`)}`);
    assert.deepEqual(wildcard.body, []);
    const percent = await gh.api('GET', `/api/organizations?q=${encodeURIComponent(`%${tag} other%`)}`);
    assert.deepEqual(percent.body.map((o: { id: string }) => o.id), [other.id]);
  });

  it('with showFeatured adds usersCount and up to three featuredUsers per organization', async () => {
    const tag = a.unique('feat');
    const users = await Promise.all(
      Array.from({ length: 5 }, (_, i) => a.user({ name: `Member ${i}`, avatar: `https://example.com/${i}.png` })),
    );
    const big = await a.organization({ name: `${tag} big`, members: users.map((u) => u.id) });
    const small = await a.organization({ name: `${tag} small`, members: [users[0].id] });
    const empty = await a.organization({ name: `${tag} empty` });
    for (const flag of ['1', 'true', 'yes', 'TRUE']) {
      const response = await gh.api('GET', `/api/organizations?q=${tag}&showFeatured=${flag}`);
      assert.equal(response.status, 200);
      const byId = new Map(response.body.map((o: { id: string }) => [o.id, o]));
      const bigItem: any = byId.get(big.id);
      assert.equal(bigItem.usersCount, 5, flag);
      assert.equal(bigItem.featuredUsers.length, 3);
      const sorted = [...users].sort((x, y) => (x.id < y.id ? -1 : 1)).slice(0, 3);
      assert.deepEqual(bigItem.featuredUsers, sorted.map((u) => ({ id: u.id, avatar: u.avatar, name: u.name })));
      const smallItem: any = byId.get(small.id);
      assert.equal(smallItem.usersCount, 1);
      assert.deepEqual(smallItem.featuredUsers, [{ id: users[0].id, avatar: users[0].avatar, name: 'Member 0' }]);
      const emptyItem: any = byId.get(empty.id);
      assert.equal(emptyItem.usersCount, 0);
      assert.deepEqual(emptyItem.featuredUsers, []);
    }
    for (const flag of ['0', 'false', 'no', '']) {
      const response = await gh.api('GET', `/api/organizations?q=${tag}&showFeatured=${flag}`);
      assert.equal(response.status, 200);
      assert.equal(response.body[0].usersCount, undefined, flag);
    }
  });

  it('computes showFeatured with a constant number of statements, whatever the page size', async () => {
    const tag = a.unique('stmts');
    const users = await Promise.all([a.user(), a.user()]);
    for (let i = 0; i < 8; i++) await a.organization({ name: `${tag}-${i}`, members: users.map((u) => u.id) });
    const small = await countStatements(gh, () => gh.api('GET', `/api/organizations?q=${tag}&showFeatured=1&page_size=1`));
    const large = await countStatements(gh, () => gh.api('GET', `/api/organizations?q=${tag}&showFeatured=1&page_size=8`));
    assert.equal(small.result.body.length, 1);
    assert.equal(large.result.body.length, 8);
    assert.ok(large.result.body.every((o: { usersCount: number }) => o.usersCount === 2));
    assert.ok(small.statements > 0);
    assert.equal(large.statements, small.statements);
    assert.ok(large.statements <= 3, `${large.statements} statements`);
  });
});
