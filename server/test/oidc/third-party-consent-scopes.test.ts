import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';
import { authorizeUrl, basic, browser, formAction, pkce, REDIRECT_URI, PASSWORD, tokenRequest } from './flow.ts';

/**
 * A third-party application gets only its user consent scopes: the consent page offers nothing
 * else, what else it asks for is refused (and not asked again), and organization and API
 * permissions are held to them at every token.
 */
const ORGS = 'urn:logto:scope:organizations';
const ORG_ROLES = 'urn:logto:scope:organization_roles';
const ORGS_RESOURCE = 'urn:logto:resource:organizations';

const gh = await startGuildhall();
const g = given(gh);
const issuer = `${gh.config.endpoint}/oidc`;
const jwks = async () => createLocalJWKSet((await gh.inject({ method: 'GET', url: '/oidc/jwks' })).json());

// The template: `read` and `write` organization permissions; an API with three permissions.
const [read, write] = [await g.organizationScope({ name: g.unique('read:') }), await g.organizationScope({ name: g.unique('write:') })];
const api = await g.resource();
const [apiRead, apiWrite, apiAdmin] = [
  await g.resourceScope({ resourceId: api.id, name: 'api:read' }),
  await g.resourceScope({ resourceId: api.id, name: 'api:write' }),
  await g.resourceScope({ resourceId: api.id, name: 'api:admin' }),
];
// The user may do everything: globally api:read and api:admin; in the organization read, write, api:read and api:write.
const user = await g.user({ primaryEmail: `${g.unique('u')}@example.com`, name: 'Ada' });
const globalRole = await gh.api('POST', '/api/roles', { name: g.unique('role'), description: 'API', scopeIds: [apiRead.id, apiAdmin.id] });
assert.equal(globalRole.status, 200, globalRole.text);
assert.equal((await gh.api('POST', `/api/roles/${globalRole.body.id}/users`, { userIds: [user.id] })).status, 201);
const editor = await g.organizationRole({ organizationScopeIds: [read.id, write.id], resourceScopeIds: [apiRead.id, apiWrite.id] });
const organization = await g.organization();
await g.membership(organization.id, user.id, { roleIds: [editor.id] });

// The application may ask for profile and the organizations scope, `read`, and api:read
// without an organization or api:write with one.
const app = await g.application({ type: 'Traditional', isThirdParty: true, oidcClientMetadata: { redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [] } });
const consentScopes = `/api/applications/${app.id}/user-consent-scopes`;
const configured = await gh.api('POST', consentScopes, {
  userScopes: ['profile', ORGS],
  organizationScopes: [read.id],
  resourceScopes: [apiRead.id],
  organizationResourceScopes: [apiWrite.id],
});
assert.equal(configured.status, 201, configured.text);

const clientAuth = { authorization: basic(app.id, app.secret) };
const asked = ['openid', 'offline_access', 'profile', 'email', ORGS, ORG_ROLES, read.name, write.name, 'api:read', 'api:write', 'api:admin'];

async function consentPage(session: ReturnType<typeof browser>, challenge: string) {
  const url = authorizeUrl({ clientId: app.id, scope: asked.join(' '), resource: [api.indicator, ORGS_RESOURCE], challenge, prompt: 'consent' });
  const login = await session.follow(await session.request('GET', url));
  assert.ok(!(login instanceof URL));
  return session.follow(await session.request('POST', formAction(login.body, 'login'), { identifier: user.username, password: PASSWORD }));
}

describe('a third-party application gets only its user consent scopes', () => {
  const session = browser(gh);
  let refreshToken = '';

  it('offers only those on the consent page and refuses the rest', async () => {
    const { verifier, challenge } = pkce();
    const page = await consentPage(session, challenge);
    assert.ok(!(page instanceof URL), 'a third-party application asks for consent');
    const offered = [...page.body.matchAll(/<li>([^<]+)<\/li>/g)].map((match) => match[1]).sort();
    assert.deepEqual(offered, ['api:read', 'api:write', 'openid', 'offline_access', 'profile', ORGS, read.name].sort());
    assert.match(page.body, new RegExp(`name="organization_id" value="${organization.id}"`), 'the organizations scope brings the organization choice');

    const callback = await session.follow(await session.request('POST', formAction(page.body, 'consent'), { organization_id: organization.id }));
    assert.ok(callback instanceof URL, `consent did not return to the application: ${JSON.stringify(callback)}`);
    const tokens = await tokenRequest(
      gh,
      { grant_type: 'authorization_code', code: callback.searchParams.get('code')!, code_verifier: verifier, redirect_uri: REDIRECT_URI, resource: api.indicator },
      clientAuth,
    );
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    refreshToken = tokens.body.refresh_token;

    const idToken = (await jwtVerify(tokens.body.id_token, await jwks(), { issuer, audience: app.id })).payload;
    assert.equal(idToken.name, 'Ada', 'profile was allowed');
    assert.equal(idToken.email, undefined, 'email was not');
    assert.deepEqual(idToken.organizations, [organization.id]);
    assert.equal(idToken.organization_roles, undefined, 'organization_roles was not');
    const access = (await jwtVerify(tokens.body.access_token, await jwks(), { issuer, audience: api.indicator })).payload;
    assert.equal(access.scope, 'api:read', 'without an organization: the global role, held to resourceScopes');
  });

  it('does not ask again for what it refused', async () => {
    const url = authorizeUrl({ clientId: app.id, scope: asked.join(' '), resource: [api.indicator, ORGS_RESOURCE], challenge: pkce().challenge });
    const again = await session.follow(await session.request('GET', url));
    assert.ok(again instanceof URL, `the same session was asked again: ${again instanceof URL ? '' : again.body.slice(0, 300)}`);
    assert.ok(again.searchParams.get('code'));
  });

  it('holds organization and API permissions to them at every token, live', async () => {
    const token = async (form: Record<string, string>) => {
      const response = await tokenRequest(gh, { grant_type: 'refresh_token', refresh_token: refreshToken, ...form }, clientAuth);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      refreshToken = response.body.refresh_token;
      return response.body.access_token as string;
    };
    const organizationToken = async () =>
      (await jwtVerify(await token({ organization_id: organization.id }), await jwks(), { issuer, audience: `urn:logto:organization:${organization.id}` })).payload;
    const organizationApiToken = async () =>
      (await jwtVerify(await token({ organization_id: organization.id, resource: api.indicator }), await jwks(), { issuer, audience: api.indicator })).payload;
    const apiToken = async () => (await jwtVerify(await token({ resource: api.indicator }), await jwks(), { issuer, audience: api.indicator })).payload;

    assert.equal((await organizationToken()).scope, read.name, 'the role grants read and write; the application may have read');
    const inOrganization = await organizationApiToken();
    assert.equal(inOrganization.scope, 'api:write', 'the role grants api:read and api:write; with an organization the application may have api:write');
    assert.equal(inOrganization.organization_id, organization.id);
    assert.equal((await apiToken()).scope, 'api:read');

    // The administrator takes them away: the next tokens follow without a new sign-in.
    for (const [type, id] of [['organization-scopes', read.id], ['organization-resource-scopes', apiWrite.id], ['resource-scopes', apiRead.id]]) {
      assert.equal((await gh.api('DELETE', `${consentScopes}/${type}/${id}`)).status, 204);
    }
    // A token without permissions carries no scope claim.
    assert.equal((await organizationToken()).scope, undefined);
    assert.equal((await organizationApiToken()).scope, undefined);
    assert.equal((await apiToken()).scope, undefined);

    // …and gives one back.
    assert.equal((await gh.api('POST', consentScopes, { organizationScopes: [read.id] })).status, 201);
    assert.equal((await organizationToken()).scope, read.name);

    // User scopes are read live for claims too: without profile, the next ID token has no name.
    const idToken = async () => {
      const response = await tokenRequest(gh, { grant_type: 'refresh_token', refresh_token: refreshToken, organization_id: organization.id }, clientAuth);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      refreshToken = response.body.refresh_token;
      return (await jwtVerify(response.body.id_token, await jwks(), { issuer, audience: app.id })).payload;
    };
    assert.equal((await idToken()).name, 'Ada');
    assert.equal((await gh.api('DELETE', `${consentScopes}/user-scopes/profile`)).status, 204);
    const without = await idToken();
    assert.equal(without.name, undefined);
    assert.equal(without.username, undefined);
    assert.deepEqual(without.organizations, [organization.id], 'the organizations scope is still allowed');
    assert.equal((await gh.api('POST', consentScopes, { userScopes: ['profile'] })).status, 201);
    assert.equal((await idToken()).name, 'Ada');
  });

  it('without the organizations user scope, offers no organizations and issues no organization tokens', async () => {
    const narrow = await g.application({ type: 'Traditional', isThirdParty: true, oidcClientMetadata: { redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [] } });
    assert.equal((await gh.api('POST', `/api/applications/${narrow.id}/user-consent-scopes`, { userScopes: ['email'], organizationScopes: [read.id] })).status, 201);
    // An administrator granted it the organization for this user; a consent page without the choice keeps that.
    const organizationConsents = `/api/applications/${narrow.id}/users/${user.id}/consent-organizations`;
    assert.equal((await gh.api('POST', organizationConsents, { organizationIds: [organization.id] })).status, 201);
    const fresh = browser(gh);
    const { verifier, challenge } = pkce();
    const url = authorizeUrl({ clientId: narrow.id, scope: `openid offline_access profile email ${ORGS} ${read.name}`, challenge, prompt: 'consent' });
    const login = await fresh.follow(await fresh.request('GET', url));
    assert.ok(!(login instanceof URL));
    const page = await fresh.follow(await fresh.request('POST', formAction(login.body, 'login'), { identifier: user.username, password: PASSWORD }));
    assert.ok(!(page instanceof URL));
    assert.deepEqual([...page.body.matchAll(/<li>([^<]+)<\/li>/g)].map((match) => match[1]).sort(), ['email', 'offline_access', 'openid']);
    assert.doesNotMatch(page.body, /organization_id/);

    const callback = await fresh.follow(await fresh.request('POST', formAction(page.body, 'consent'), {}));
    assert.ok(callback instanceof URL);
    const tokens = await tokenRequest(
      gh,
      { grant_type: 'authorization_code', code: callback.searchParams.get('code')!, code_verifier: verifier, redirect_uri: REDIRECT_URI },
      { authorization: basic(narrow.id, narrow.secret) },
    );
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    const idToken = (await jwtVerify(tokens.body.id_token, await jwks(), { issuer, audience: narrow.id })).payload;
    assert.equal(idToken.email, user.primaryEmail);
    assert.equal(idToken.name, undefined);
    assert.equal(idToken.organizations, undefined);
    const refused = await tokenRequest(
      gh,
      { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token, organization_id: organization.id },
      { authorization: basic(narrow.id, narrow.secret) },
    );
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    assert.equal(refused.body.error, 'insufficient_scope', 'the organization is granted, the organizations scope is not');
    assert.deepEqual((await gh.api('GET', organizationConsents)).body.organizations.map((o: { id: string }) => o.id), [organization.id]);

    // Asked again in the same session (prompt=consent), with the organizations scope refused before: still no choice.
    const again = await fresh.follow(await fresh.request('GET', authorizeUrl({ clientId: narrow.id, scope: `openid ${ORGS}`, challenge: pkce().challenge, prompt: 'consent' })));
    assert.ok(!(again instanceof URL), 'prompt=consent shows the page');
    assert.doesNotMatch(again.body, /organization_id/);
    assert.ok((await fresh.follow(await fresh.request('POST', formAction(again.body, 'consent'), {}))) instanceof URL);
    assert.deepEqual((await gh.api('GET', organizationConsents)).body.organizations.map((o: { id: string }) => o.id), [organization.id]);
  });
});
