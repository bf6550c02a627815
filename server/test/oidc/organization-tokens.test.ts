import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';
import { basic, decodeJwt, REDIRECT_URI, signInAndExchange, tokenRequest } from './flow.ts';

const ORGS = 'urn:logto:scope:organizations';
const ORG_ROLES = 'urn:logto:scope:organization_roles';
const ORGS_RESOURCE = 'urn:logto:resource:organizations';

const gh = await startGuildhall();
const g = given(gh);
const issuer = `${gh.config.endpoint}/oidc`;

const jwks = async () => {
  const response = await gh.inject({ method: 'GET', url: '/oidc/jwks' });
  assert.equal(response.statusCode, 200);
  return createLocalJWKSet(response.json());
};
const verify = async (token: string, audience: string) => (await jwtVerify(token, await jwks(), { issuer, audience })).payload;

// The template: three organization permissions, an API with two permissions, two roles.
const [read, write, admin] = await Promise.all([g.organizationScope(), g.organizationScope(), g.organizationScope()]);
const api = await g.resource();
const [apiRead, apiWrite] = [await g.resourceScope({ resourceId: api.id }), await g.resourceScope({ resourceId: api.id })];
const viewer = await g.organizationRole({ organizationScopeIds: [read.id], resourceScopeIds: [apiRead.id] });
const editor = await g.organizationRole({ organizationScopeIds: [read.id, write.id], resourceScopeIds: [apiRead.id, apiWrite.id] });
const spa = await g.application({ type: 'SPA', oidcClientMetadata: { redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [] } });

const user = await g.user();
const orgA = await g.organization();
const orgB = await g.organization();
await g.membership(orgA.id, user.id, { roleIds: [editor.id] });
await g.membership(orgB.id, user.id, { roleIds: [viewer.id] });

const fullScope = `openid offline_access ${ORGS} ${ORG_ROLES} ${read.name} ${write.name} ${admin.name} ${apiRead.name} ${apiWrite.name}`;
const signIn = (identifier = user.username, scope = fullScope) =>
  signInAndExchange(gh, { clientId: spa.id, identifier, scope, resource: [api.indicator, ORGS_RESOURCE] });

const organizationToken = (refreshToken: string, organizationId: string, extra: Record<string, string> = {}) =>
  tokenRequest(gh, { grant_type: 'refresh_token', client_id: spa.id, refresh_token: refreshToken, organization_id: organizationId, ...extra });

describe('organization claims (§4.1)', () => {
  it('puts organizations and organization_roles in the ID token, and all three claims in userinfo', async () => {
    const tokens = await signIn();
    const idToken = await verify(tokens.id_token!, spa.id);
    assert.deepEqual(idToken.organizations, [orgA.id, orgB.id]);
    assert.deepEqual(idToken.organization_roles, [`${orgA.id}:${editor.name}`, `${orgB.id}:${viewer.name}`]);
    assert.equal(idToken.organization_data, undefined, 'organization_data is userinfo-only');
    const userinfo = await gh.inject({ method: 'GET', url: '/oidc/me', headers: { authorization: `Bearer ${tokens.access_token}` } });
    assert.equal(userinfo.statusCode, 200, userinfo.body);
    const claims = userinfo.json();
    assert.deepEqual(claims.organizations, [orgA.id, orgB.id]);
    assert.deepEqual(claims.organization_data, [
      { id: orgA.id, name: orgA.name, description: orgA.description ?? null },
      { id: orgB.id, name: orgB.name, description: orgB.description ?? null },
    ]);
  });

  it('releases no organization claims without the organizations scopes', async () => {
    const tokens = await signIn(user.username, 'openid offline_access');
    const idToken = decodeJwt(tokens.id_token!);
    assert.equal(idToken.organizations, undefined);
    assert.equal(idToken.organization_roles, undefined);
  });
});

describe('organization tokens (§4.2–4.4)', () => {
  it('issues a token per organization with the permissions of the roles there, verified against JWKS', async () => {
    const { refresh_token } = await signIn();
    const a = await organizationToken(refresh_token!, orgA.id);
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(a.body.token_type, 'Bearer');
    assert.equal(a.body.expires_in, 3600);
    assert.deepEqual(a.body.scope.split(' ').sort(), [read.name, write.name].sort());
    assert.ok(a.body.refresh_token && a.body.refresh_token !== refresh_token, 'the refresh token rotates');
    const claimsA = await verify(a.body.access_token, `urn:logto:organization:${orgA.id}`);
    assert.equal(claimsA.sub, user.id);
    assert.equal(claimsA.client_id, spa.id);
    assert.equal(claimsA.iss, issuer);
    assert.equal(claimsA.exp! - claimsA.iat!, 3600);
    assert.ok(claimsA.jti);
    assert.equal(claimsA.organization_id, undefined, 'the organization is in aud, not in a claim');
    assert.deepEqual(String(claimsA.scope).split(' ').sort(), [read.name, write.name].sort());

    const b = await organizationToken(a.body.refresh_token, orgB.id);
    assert.equal(b.status, 200, JSON.stringify(b.body));
    assert.equal(b.body.scope, read.name);
    const claimsB = await verify(b.body.access_token, `urn:logto:organization:${orgB.id}`);
    assert.equal(claimsB.scope, read.name);
  });

  it('down-scopes with scope=, and answers an empty scope string when nothing intersects', async () => {
    const { refresh_token } = await signIn();
    const narrowed = await organizationToken(refresh_token!, orgA.id, { scope: write.name });
    assert.equal(narrowed.status, 200, JSON.stringify(narrowed.body));
    assert.equal(narrowed.body.scope, write.name);
    const none = await organizationToken(narrowed.body.refresh_token, orgB.id, { scope: admin.name });
    assert.equal(none.status, 200, JSON.stringify(none.body));
    assert.equal(none.body.scope, '');
  });

  it('computes permissions live: a role change applies to the next token without signing in again', async () => {
    const member = await g.user();
    const org = await g.organization();
    await g.membership(org.id, member.id, { roleIds: [viewer.id] });
    const { refresh_token } = await signIn(member.username);
    const before = await organizationToken(refresh_token!, org.id);
    assert.equal(before.body.scope, read.name);
    assert.equal((await gh.api('POST', `/api/organizations/${org.id}/users/${member.id}/roles`, { organizationRoleIds: [editor.id] })).status, 201);
    const after = await organizationToken(before.body.refresh_token, org.id);
    assert.deepEqual(after.body.scope.split(' ').sort(), [read.name, write.name].sort());
  });

  it('issues an API token for an organization with organization_id, from the roles in that organization only', async () => {
    const { refresh_token } = await signIn();
    const a = await organizationToken(refresh_token!, orgA.id, { resource: api.indicator });
    assert.equal(a.status, 200, JSON.stringify(a.body));
    const claimsA = await verify(a.body.access_token, api.indicator);
    assert.equal(claimsA.organization_id, orgA.id);
    assert.deepEqual(String(claimsA.scope).split(' ').sort(), [apiRead.name, apiWrite.name].sort());
    const b = await organizationToken(a.body.refresh_token, orgB.id, { resource: api.indicator });
    const claimsB = await verify(b.body.access_token, api.indicator);
    assert.equal(claimsB.organization_id, orgB.id);
    assert.equal(claimsB.scope, apiRead.name);
  });

  it('is strict: a resource token without organization_id gets no permissions from organization roles', async () => {
    const { refresh_token } = await signIn();
    const plain = await tokenRequest(gh, { grant_type: 'refresh_token', client_id: spa.id, refresh_token: refresh_token!, resource: api.indicator });
    assert.equal(plain.status, 200, JSON.stringify(plain.body));
    const claims = await verify(plain.body.access_token, api.indicator);
    assert.equal(claims.scope, undefined);
    assert.equal(claims.organization_id, undefined);
  });

  it('refuses non-members, unknown organizations and suspended members with 403 access_denied, keeping the refresh token usable', async () => {
    const { refresh_token } = await signIn();
    const stranger = await g.organization();
    for (const organizationId of [stranger.id, 'no-such-org']) {
      const denied = await organizationToken(refresh_token!, organizationId);
      assert.equal(denied.status, 403, JSON.stringify(denied.body));
      assert.equal(denied.body.error, 'access_denied');
    }
    const suspendedOrg = await g.organization();
    await g.membership(suspendedOrg.id, user.id, { roleIds: [editor.id], status: 'Suspended' });
    const suspended = await organizationToken(refresh_token!, suspendedOrg.id);
    assert.equal(suspended.status, 403);
    assert.equal(suspended.body.error, 'access_denied');
    // A refused request does not rotate: the same refresh token still works.
    const still = await organizationToken(refresh_token!, orgA.id);
    assert.equal(still.status, 200, JSON.stringify(still.body));
  });

  it('stops issuing as soon as the member is removed (§4.3)', async () => {
    const member = await g.user();
    const org = await g.organization();
    await g.membership(org.id, member.id, { roleIds: [viewer.id] });
    const { refresh_token } = await signIn(member.username);
    const ok = await organizationToken(refresh_token!, org.id);
    assert.equal(ok.status, 200);
    assert.equal((await gh.api('DELETE', `/api/organizations/${org.id}/users/${member.id}`)).status, 204);
    const denied = await organizationToken(ok.body.refresh_token, org.id);
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error, 'access_denied');
  });

  it('answers 403 insufficient_scope when the refresh token lacks the organizations scope', async () => {
    const { refresh_token } = await signIn(user.username, `openid offline_access ${read.name}`);
    const response = await organizationToken(refresh_token!, orgA.id);
    assert.equal(response.status, 403, JSON.stringify(response.body));
    assert.equal(response.body.error, 'insufficient_scope');
  });

  it('an organization token for A cannot be used as a refresh token, nor does its audience accept B', async () => {
    const { refresh_token } = await signIn();
    const a = await organizationToken(refresh_token!, orgA.id);
    const misuse = await organizationToken(a.body.access_token, orgB.id);
    assert.equal(misuse.status, 400);
    assert.equal(misuse.body.error, 'invalid_grant');
    await assert.rejects(verify(a.body.access_token, `urn:logto:organization:${orgB.id}`));
  });
});

describe('machine-to-machine organization tokens (§4.5)', () => {
  const m2mRole = async (scopeIds: string[], resourceScopeIds: string[] = []) =>
    g.organizationRole({ type: 'MachineToMachine', organizationScopeIds: scopeIds, resourceScopeIds });

  it('issues client-credentials organization tokens to member apps with their organization roles', async () => {
    const app = await g.m2mApp();
    const role = await m2mRole([read.id, admin.id], [apiWrite.id]);
    const org = await g.organization();
    assert.equal((await gh.api('POST', `/api/organizations/${org.id}/applications`, { applicationIds: [app.id] })).status, 201);
    assert.equal(
      (await gh.api('POST', `/api/organizations/${org.id}/applications/${app.id}/roles`, { organizationRoleIds: [role.id] })).status,
      201,
    );
    const auth = { authorization: basic(app.id, app.secret) };
    const orgToken = await tokenRequest(gh, { grant_type: 'client_credentials', organization_id: org.id, scope: `${read.name} ${write.name} ${admin.name}` }, auth);
    assert.equal(orgToken.status, 200, JSON.stringify(orgToken.body));
    assert.equal(orgToken.body.expires_in, 3600);
    assert.deepEqual(orgToken.body.scope.split(' ').sort(), [read.name, admin.name].sort());
    const claims = await verify(orgToken.body.access_token, `urn:logto:organization:${org.id}`);
    assert.equal(claims.sub, app.id);
    assert.equal(claims.client_id, app.id);

    const empty = await tokenRequest(gh, { grant_type: 'client_credentials', organization_id: org.id }, auth);
    assert.equal(empty.status, 200);
    assert.equal(empty.body.scope, '');

    const apiToken = await tokenRequest(
      gh,
      { grant_type: 'client_credentials', organization_id: org.id, resource: api.indicator, scope: `${apiRead.name} ${apiWrite.name}` },
      auth,
    );
    assert.equal(apiToken.status, 200, JSON.stringify(apiToken.body));
    const apiClaims = await verify(apiToken.body.access_token, api.indicator);
    assert.equal(apiClaims.organization_id, org.id);
    assert.equal(apiClaims.scope, apiWrite.name);

    const other = await g.organization();
    const denied = await tokenRequest(gh, { grant_type: 'client_credentials', organization_id: other.id }, auth);
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error, 'access_denied');
  });

  it('answers 400 invalid_target with neither resource nor organization_id', async () => {
    const app = await g.m2mApp();
    const response = await tokenRequest(gh, { grant_type: 'client_credentials' }, { authorization: basic(app.id, app.secret) });
    assert.equal(response.status, 400);
    assert.equal(response.body.error, 'invalid_target');
  });
});

describe('global roles', () => {
  it("gives a Console administrator the Management API's all scope by authorization code + PKCE", async () => {
    const administrator = await g.user();
    // Global role assignment has no Management API route yet: the fixture writes the row.
    await gh.context.db.insertInto('usersRoles').values({ userId: administrator.id, roleId: 'admin' }).execute();
    const indicator = `${gh.config.endpoint}/api`;
    const { verifier, challenge } = await import('./flow.ts').then((flow) => flow.pkce());
    const { signInThroughPages } = await import('./flow.ts');
    const { callback } = await signInThroughPages(gh, {
      clientId: 'guildhall-console',
      redirectUri: `${gh.config.endpoint}/console/callback`,
      scope: 'openid offline_access all',
      resource: indicator,
      challenge,
      identifier: administrator.username,
    });
    const tokens = await tokenRequest(gh, {
      grant_type: 'authorization_code',
      client_id: 'guildhall-console',
      code: callback!.searchParams.get('code')!,
      code_verifier: verifier,
      redirect_uri: `${gh.config.endpoint}/console/callback`,
      resource: indicator,
    });
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    assert.equal(tokens.body.scope, 'all');
    const users = await gh.inject({ method: 'GET', url: '/api/users', headers: { authorization: `Bearer ${tokens.body.access_token}` } });
    assert.equal(users.statusCode, 200);

    // Without the role, the same flow yields a token without `all`, refused by the Management API.
    const plain = await g.user();
    const second = await import('./flow.ts').then((flow) => flow.pkce());
    const again = await signInThroughPages(gh, {
      clientId: 'guildhall-console',
      redirectUri: `${gh.config.endpoint}/console/callback`,
      scope: 'openid offline_access all',
      resource: indicator,
      challenge: second.challenge,
      identifier: plain.username,
    });
    const weak = await tokenRequest(gh, {
      grant_type: 'authorization_code',
      client_id: 'guildhall-console',
      code: again.callback!.searchParams.get('code')!,
      code_verifier: second.verifier,
      redirect_uri: `${gh.config.endpoint}/console/callback`,
      resource: indicator,
    });
    assert.equal(weak.status, 200);
    const forbidden = await gh.inject({ method: 'GET', url: '/api/users', headers: { authorization: `Bearer ${weak.body.access_token}` } });
    assert.equal(forbidden.statusCode, 403);
    assert.equal(forbidden.json().code, 'auth.forbidden');
  });
});
