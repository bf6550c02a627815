import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOrganizationTokenVerifier } from '../src/index.ts';
import { adapterApps, type RunningApp } from './support/apps.ts';
import { startIssuer, type TestIssuer } from './support/issuer.ts';

// One suite, run unchanged against every framework adapter.
for (const adapter of adapterApps) {
  describe(`requireOrganizationScopes (${adapter.name})`, () => {
    let idp: TestIssuer;
    let app: RunningApp;
    let unavailable: RunningApp;

    before(async () => {
      idp = await startIssuer();
      app = await adapter.start(createOrganizationTokenVerifier({ issuer: idp.issuer }));
      // An issuer with no discovery document: every key lookup fails.
      unavailable = await adapter.start(createOrganizationTokenVerifier({ issuer: `${idp.issuer}/missing` }));
    });
    after(async () => {
      await Promise.all([app.close(), unavailable.close()]);
      await idp.close();
    });

    const call = (path: string, init: { method?: string; authorization?: string; base?: RunningApp } = {}) =>
      fetch(`${(init.base ?? app).url}${path}`, {
        method: init.method ?? 'GET',
        headers: init.authorization === undefined ? {} : { authorization: init.authorization },
      });

    async function expectError(response: Response, status: number, code: string, challenge: RegExp | null) {
      assert.equal(response.status, status);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      const body = (await response.json()) as { code: string; message: string };
      assert.equal(body.code, code);
      assert.equal(typeof body.message, 'string');
      if (challenge === null) assert.equal(response.headers.get('www-authenticate'), null);
      else assert.match(response.headers.get('www-authenticate') ?? '', challenge);
    }

    it('lets a token with the scope through and exposes the verified caller', async () => {
      const response = await call('/organizations/org_1/members', { authorization: `Bearer ${await idp.sign()}` });
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), {
        subject: 'user_1', clientId: 'app_1', organizationId: 'org_1', scopes: ['invite:users'], isApplication: false,
      });
    });

    it('accepts the scheme in any case (RFC 9110 §11.1)', async () => {
      const response = await call('/organizations/org_1/members', { authorization: `bearer ${await idp.sign()}` });
      assert.equal(response.status, 200);
      await response.arrayBuffer();
    });

    it('answers 401 with a bare Bearer challenge when no token is sent (RFC 6750 §3.1)', async () => {
      await expectError(await call('/organizations/org_1/members'), 401, 'missing_token', /^Bearer$/);
      await expectError(await call('/organizations/org_1/members', { authorization: 'Basic dXNlcjpwYXNz' }), 401, 'missing_token', /^Bearer$/);
    });

    it('answers 401 invalid_token for a malformed, expired or foreign token', async () => {
      const invalid = /^Bearer error="invalid_token", error_description="[^"]+"$/;
      await expectError(await call('/organizations/org_1/members', { authorization: 'Bearer' }), 401, 'malformed_token', invalid);
      await expectError(await call('/organizations/org_1/members', { authorization: 'Bearer not.a.jwt' }), 401, 'malformed_token', invalid);
      const now = Math.floor(Date.now() / 1000);
      const expired = await idp.sign({ iat: now - 7200, exp: now - 3600 });
      await expectError(await call('/organizations/org_1/members', { authorization: `Bearer ${expired}` }), 401, 'token_expired', invalid);
      const foreign = await idp.sign({ iss: 'https://evil.example.com/oidc' });
      await expectError(await call('/organizations/org_1/members', { authorization: `Bearer ${foreign}` }), 401, 'invalid_issuer', invalid);
    });

    it('answers 403 insufficient_scope naming the required scopes', async () => {
      const response = await call('/organizations/org_1/members/user_9', { method: 'DELETE', authorization: `Bearer ${await idp.sign()}` });
      await expectError(response, 403, 'insufficient_scope',
        /^Bearer error="insufficient_scope", error_description="[^"]+", scope="invite:users remove:users"$/);
      const admin = await idp.sign({ scope: 'invite:users remove:users' });
      const allowed = await call('/organizations/org_1/members/user_9', { method: 'DELETE', authorization: `Bearer ${admin}` });
      assert.equal(allowed.status, 200);
      await allowed.arrayBuffer();
    });

    it('answers 403 organization_mismatch for a token of another organization', async () => {
      const response = await call('/organizations/org_2/members', { authorization: `Bearer ${await idp.sign()}` });
      await expectError(response, 403, 'organization_mismatch', /^Bearer error="insufficient_scope"/);
    });

    it('accepts any organization when organizationIdParam is false', async () => {
      const token = await idp.sign({ aud: 'urn:logto:organization:org_7' });
      const response = await call('/any-organization', { authorization: `Bearer ${token}` });
      assert.equal(response.status, 200);
      assert.equal(((await response.json()) as { organizationId: string }).organizationId, 'org_7');
    });

    it('answers 503 without a challenge when the issuer keys cannot be loaded', async () => {
      const response = await call('/organizations/org_1/members', { authorization: `Bearer ${await idp.sign()}`, base: unavailable });
      await expectError(response, 503, 'issuer_unavailable', null);
    });

    it('fails as a server error when the route lacks the organization parameter', async () => {
      const response = await call('/misconfigured/org_1', { authorization: `Bearer ${await idp.sign()}` });
      assert.equal(response.status, 500);
      await response.arrayBuffer();
    });
  });
}
