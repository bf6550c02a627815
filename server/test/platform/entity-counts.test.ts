import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';

// Unfiltered lists read their Total-Number from trigger-kept counts (migration 0006); these must
// equal a real count through every way rows come and go.
const gh = await startGuildhall();
const a = given(gh);
const total = async (url: string) => Number((await gh.api('GET', url)).headers['total-number']);

describe('Total-Number of unfiltered lists', () => {
  it('follows organizations created, deleted and removed by a cascade-free bulk delete', async () => {
    assert.equal(await total('/api/organizations'), 0);
    const created = await Promise.all([1, 2, 3, 4].map(() => a.organization()));
    assert.equal(await total('/api/organizations'), 4);
    assert.equal((await gh.api('DELETE', `/api/organizations/${created[0].id}`)).status, 204);
    assert.equal(await total('/api/organizations'), 3);
    // A filtered list counts for real, and agrees.
    assert.equal(await total(`/api/organizations?q=${created[1].name}`), 1);
    // Several rows in one statement.
    await gh.context.db.deleteFrom('organizations').where('id', 'in', [created[1].id, created[2].id]).execute();
    assert.equal(await total('/api/organizations'), 1);
    // An empty page beyond the end still reports the total.
    const beyond = await gh.api('GET', '/api/organizations?page=5&page_size=10');
    assert.deepEqual(beyond.body, []);
    assert.equal(beyond.headers['total-number'], '1');
  });

  it('follows users created and deleted, and agrees with filtered counts', async () => {
    const before = await total('/api/users');
    const users = await Promise.all([1, 2, 3].map(() => a.user()));
    assert.equal(await total('/api/users'), before + 3);
    assert.equal((await gh.api('DELETE', `/api/users/${users[0].id}`)).status, 204);
    assert.equal(await total('/api/users'), before + 2);
    assert.equal(await total(`/api/users?search=${users[1].username}`), 1);
  });
});
