import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startGuildhall } from '../support/guildhall.ts';

const gh = await startGuildhall();

describe('applications', () => {
  it('shows the secret at creation and through the secrets route only', async () => {
    const created = await gh.api('POST', '/api/applications', { name: 'Billing worker', type: 'MachineToMachine' });
    assert.equal(created.status, 200);
    assert.equal(created.body.tenantId, 'default');
    assert.ok(created.body.secret.length >= 32);
    const fetched = await gh.api('GET', `/api/applications/${created.body.id}`);
    assert.equal(fetched.status, 200);
    assert.ok(!('secret' in fetched.body));
    const list = await gh.api('GET', '/api/applications?types=MachineToMachine');
    assert.ok(list.body.every((app: object) => !('secret' in app)));
    const secrets = await gh.api('GET', `/api/applications/${created.body.id}/secrets`);
    assert.deepEqual(secrets.body.map((s: { value: string }) => s.value), [created.body.secret]);
  });

  it('replaces a secret so that the old one stops working', async () => {
    const { body: app } = await gh.api('POST', '/api/applications', { name: 'rotating', type: 'MachineToMachine' });
    const token = (secret: string) =>
      gh.inject({
        method: 'POST',
        url: '/oidc/token',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${app.id}:${secret}`).toString('base64')}`,
        },
        payload: `grant_type=client_credentials&resource=${encodeURIComponent('http://localhost:3001/api')}`,
      });
    assert.equal((await token(app.secret)).statusCode, 200);
    const rotated = await gh.api('POST', `/api/applications/${app.id}/secrets`);
    assert.equal(rotated.status, 201);
    assert.notEqual(rotated.body.secret, app.secret);
    assert.equal((await token(app.secret)).statusCode, 401);
    assert.equal((await token(rotated.body.secret)).statusCode, 200);
  });

  it('filters by type and search, and validates redirect URIs', async () => {
    await gh.api('POST', '/api/applications', {
      name: 'Storefront',
      type: 'SPA',
      oidcClientMetadata: { redirectUris: ['https://shop.example.com/callback'] },
    });
    const spas = await gh.api('GET', '/api/applications?types=SPA&search=store');
    assert.deepEqual(spas.body.map((app: { name: string }) => app.name), ['Storefront']);
    assert.deepEqual(spas.body[0].oidcClientMetadata.redirectUris, ['https://shop.example.com/callback']);
    const bad = await gh.api('POST', '/api/applications', {
      name: 'bad',
      type: 'SPA',
      oidcClientMetadata: { redirectUris: ['not a uri'] },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'guard.invalid_input');
    const badType = await gh.api('POST', '/api/applications', { name: 'bad', type: 'Desktop' });
    assert.equal(badType.status, 400);
  });

  it('protects the Console application', async () => {
    const response = await gh.api('DELETE', '/api/applications/guildhall-console');
    assert.equal(response.status, 422);
    assert.equal(response.body.code, 'application.protected');
    assert.equal((await gh.api('GET', '/api/applications/guildhall-console')).status, 200);
  });

  it('updates and deletes', async () => {
    const { body: app } = await gh.api('POST', '/api/applications', { name: 'temp', type: 'Traditional' });
    const patched = await gh.api('PATCH', `/api/applications/${app.id}`, {
      name: 'renamed',
      oidcClientMetadata: { redirectUris: ['https://app.example.com/cb'] },
    });
    assert.equal(patched.body.name, 'renamed');
    assert.deepEqual(patched.body.oidcClientMetadata, { redirectUris: ['https://app.example.com/cb'], postLogoutRedirectUris: [] });
    // Regression (found by the fuzz test): a PATCH with nothing left to change was a 500.
    for (const body of [{}, { unknown: 1 }]) {
      const empty = await gh.api('PATCH', `/api/applications/${app.id}`, body);
      assert.equal(empty.status, 200, JSON.stringify(empty.body));
      assert.equal(empty.body.name, 'renamed');
    }
    assert.equal((await gh.api('DELETE', `/api/applications/${app.id}`)).status, 204);
    const gone = await gh.api('GET', `/api/applications/${app.id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.code, 'entity.not_exists_with_id');
  });
});
