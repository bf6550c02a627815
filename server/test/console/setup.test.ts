import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ADMIN_ROLE_ID } from '../../src/management-api/constants.ts';
import { startGuildhall } from '../support/guildhall.ts';

const gh = await startGuildhall();

const setup = (method: 'GET' | 'POST', payload?: object) =>
  gh.inject({ method, url: '/console-setup', ...(payload ? { payload } : {}) });

describe('Console first-run setup', () => {
  it('reports that an administrator is needed, without a token', async () => {
    const response = await setup('GET');
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { needsAdministrator: true });
    assert.equal(response.headers['cache-control'], 'no-store');
  });

  it('rejects a short password, a bad username and unknown fields with 400 guard.invalid_input', async () => {
    for (const body of [
      { username: 'root', password: 'short' },
      { username: 'has space', password: 'long enough password' },
      { password: 'long enough password' },
      { username: 'root', password: 'long enough password', primaryEmail: 'not-an-email' },
    ]) {
      const response = await setup('POST', body);
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      assert.equal(response.json().code, 'guard.invalid_input');
    }
    assert.equal((await setup('GET')).statusCode, 200, 'a rejected attempt creates nobody');
  });

  it('creates exactly one administrator when two requests race', async () => {
    const [a, b] = await Promise.all([
      setup('POST', { username: 'alice', primaryEmail: 'alice@example.com', password: 'correct horse battery' }),
      setup('POST', { username: 'bob', password: 'correct horse battery' }),
    ]);
    const statuses = [a!.statusCode, b!.statusCode].sort();
    assert.deepEqual(statuses, [201, 409], `${a!.body} / ${b!.body}`);
    const loser = a!.statusCode === 409 ? a! : b!;
    assert.equal(loser.json().code, 'console.already_set_up');
    const winner = a!.statusCode === 201 ? a! : b!;
    const created = winner.json();
    assert.match(created.id, /^[0-9a-z]{12}$/);
    assert.ok(['alice', 'bob'].includes(created.username));

    const admins = await gh.context.db.selectFrom('usersRoles').select('userId').where('roleId', '=', ADMIN_ROLE_ID).execute();
    assert.deepEqual(admins.map((row) => row.userId), [created.id]);
    // The loser's account was not left behind either.
    const other = created.username === 'alice' ? 'bob' : 'alice';
    const search = await gh.api('GET', `/api/users?search=${other}`);
    assert.equal(search.status, 200);
    assert.equal(search.body.length, 0);
    const user = await gh.api('GET', `/api/users/${created.id}`);
    assert.equal(user.status, 200);
    assert.equal(user.body.hasPassword, true);
  });

  it('is gone afterwards: GET and POST answer 409 console.already_set_up', async () => {
    const status = await setup('GET');
    assert.equal(status.statusCode, 409);
    assert.equal(status.json().code, 'console.already_set_up');
    const again = await setup('POST', { username: 'mallory', password: 'correct horse battery' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'console.already_set_up');
    assert.equal((await gh.api('GET', '/api/users?search=mallory')).body.length, 0);
  });

});
