import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';

const gh = await startGuildhall();
const g = given(gh);

const makeAdministrator = async (userId: string) => {
  const response = await gh.api('POST', `/api/users/${userId}/roles`, { roleIds: ['admin'] });
  assert.equal(response.status, 201, response.text);
};
const administratorIds = async () => {
  const response = await gh.api('GET', '/api/roles/admin/users?page_size=100');
  assert.equal(response.status, 200, response.text);
  return (response.body as { id: string }[]).map((user) => user.id).sort();
};
const assertLastAdministrator = (response: { status: number; body: any }) => {
  assert.equal(response.status, 422, JSON.stringify(response.body));
  assert.equal(response.body.code, 'console.last_administrator');
  assert.match(response.body.message, /at least one administrator/);
};

describe('administrators: Guildhall always keeps one', () => {
  it('adds administrators through the global roles API and removes one while another remains', async () => {
    const ada = await g.user();
    const ben = await g.user();
    await makeAdministrator(ada.id);
    await makeAdministrator(ben.id);
    assert.deepEqual(await administratorIds(), [ada.id, ben.id].sort());

    const removed = await gh.api('DELETE', `/api/users/${ben.id}/roles/admin`);
    assert.equal(removed.status, 204, removed.text);
    assert.deepEqual(await administratorIds(), [ada.id]);
  });

  it('refuses every way of removing the last administrator with 422 console.last_administrator', async () => {
    const [last] = await administratorIds();
    assert.ok(last);
    assertLastAdministrator(await gh.api('DELETE', `/api/users/${last}/roles/admin`));
    assertLastAdministrator(await gh.api('DELETE', `/api/roles/admin/users/${last}`));
    assertLastAdministrator(await gh.api('PUT', `/api/users/${last}/roles`, { roleIds: [] }));
    assertLastAdministrator(await gh.api('DELETE', `/api/users/${last}`));
    assert.deepEqual(await administratorIds(), [last]);
    assert.equal((await gh.api('GET', `/api/users/${last}`)).status, 200, 'the user was not deleted');
  });

  it('judges a replacement of roles by its result, not by its intermediate state', async () => {
    const [last] = await administratorIds();
    const replaced = await gh.api('PUT', `/api/users/${last}/roles`, { roleIds: ['admin'] });
    assert.equal(replaced.status, 204, replaced.text);
    assert.deepEqual(await administratorIds(), [last]);
  });

  it('lets an administrator leave once another one exists, and deletes ordinary users as before', async () => {
    const [first] = await administratorIds();
    const successor = await g.user();
    await makeAdministrator(successor.id);
    const deleted = await gh.api('DELETE', `/api/users/${first}`);
    assert.equal(deleted.status, 204, deleted.text);
    assert.deepEqual(await administratorIds(), [successor.id]);

    const ordinary = await g.user();
    assert.equal((await gh.api('DELETE', `/api/users/${ordinary.id}`)).status, 204);
  });

  it('keeps one administrator when the last two are removed at the same time', async () => {
    const [remaining] = await administratorIds();
    const other = await g.user();
    await makeAdministrator(other.id);
    const responses = await Promise.all([
      gh.api('DELETE', `/api/users/${remaining}/roles/admin`),
      gh.api('DELETE', `/api/users/${other.id}/roles/admin`),
    ]);
    assert.deepEqual(responses.map((response) => response.status).sort(), [204, 422], responses.map((r) => r.text).join(' / '));
    assert.equal(responses.find((response) => response.status === 422)!.body.code, 'console.last_administrator');
    assert.equal((await administratorIds()).length, 1);
  });
});
