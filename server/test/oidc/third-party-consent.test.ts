import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';
import { authorizeUrl, browser, formAction, pkce, REDIRECT_URI, PASSWORD, tokenRequest } from './flow.ts';

const ORGS = 'urn:logto:scope:organizations';
const ORG_ROLES = 'urn:logto:scope:organization_roles';

const gh = await startGuildhall();
const g = given(gh);
const issuer = `${gh.config.endpoint}/oidc`;
const jwks = async () => createLocalJWKSet((await gh.inject({ method: 'GET', url: '/oidc/jwks' })).json());

const read = await g.organizationScope();
const reader = await g.organizationRole({ organizationScopeIds: [read.id] });
const metadata = { redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [] };
const thirdParty = await g.application({ type: 'Traditional', isThirdParty: true, oidcClientMetadata: metadata });
const firstParty = await g.application({ type: 'SPA', oidcClientMetadata: metadata });
// A third-party application asks users only for its user consent scopes (user-consent-scopes.test.ts below).
const allowed = await gh.api('POST', `/api/applications/${thirdParty.id}/user-consent-scopes`, {
  userScopes: [ORGS, ORG_ROLES],
  organizationScopes: [read.id],
});
assert.equal(allowed.status, 201, allowed.text);

const consentsOf = (applicationId: string, userId: string) => `/api/applications/${applicationId}/users/${userId}/consent-organizations`;
const consentedIds = async (applicationId: string, userId: string) => {
  const response = await gh.api('GET', consentsOf(applicationId, userId));
  assert.equal(response.status, 200, response.text);
  return (response.body.organizations as Array<{ id: string }>).map((organization) => organization.id).sort();
};

describe('consent organizations (Management API)', () => {
  it('grants, lists (optionally paged), replaces and withdraws organizations of a third-party application', async () => {
    const user = await g.user();
    const [a, b, c] = [await g.organization(), await g.organization(), await g.organization()];
    for (const organization of [a, b, c]) await g.membership(organization.id, user.id);
    const path = consentsOf(thirdParty.id, user.id);

    assert.deepEqual(await consentedIds(thirdParty.id, user.id), []);
    assert.equal((await gh.api('POST', path, { organizationIds: [a.id, b.id] })).status, 201);
    assert.equal((await gh.api('POST', path, { organizationIds: [a.id] })).status, 201, 'adding again is a no-op');
    assert.deepEqual(await consentedIds(thirdParty.id, user.id), [a.id, b.id].sort());

    const listed = await gh.api('GET', path);
    assert.equal(listed.body.organizations[0].tenantId, 'default');
    assert.equal(typeof listed.body.organizations[0].name, 'string');
    const paged = await gh.api('GET', `${path}?page=1&page_size=1`);
    assert.equal(paged.status, 200);
    assert.equal(paged.body.organizations.length, 1);
    assert.equal(paged.headers['total-number'], '2');

    assert.equal((await gh.api('PUT', path, { organizationIds: [c.id, b.id] })).status, 204);
    assert.deepEqual(await consentedIds(thirdParty.id, user.id), [b.id, c.id].sort());

    assert.equal((await gh.api('DELETE', `${path}/${b.id}`)).status, 204);
    const again = await gh.api('DELETE', `${path}/${b.id}`);
    assert.equal(again.status, 404);
    assert.equal(again.body.code, 'entity.not_found');
    assert.deepEqual(await consentedIds(thirdParty.id, user.id), [c.id]);

    assert.equal((await gh.api('PUT', path, { organizationIds: [] })).status, 204);
    assert.deepEqual(await consentedIds(thirdParty.id, user.id), []);
  });

  it('refuses non-members (adding none of the list), first-party and unknown applications, and unknown users', async () => {
    const user = await g.user();
    const member = await g.organization({ members: [user.id] });
    const stranger = await g.organization();
    const path = consentsOf(thirdParty.id, user.id);

    const notMember = await gh.api('POST', path, { organizationIds: [member.id, stranger.id] });
    assert.equal(notMember.status, 422);
    assert.equal(notMember.body.code, 'organization.require_membership');
    assert.deepEqual(await consentedIds(thirdParty.id, user.id), [], 'nothing of the refused list was granted');
    const replaced = await gh.api('PUT', path, { organizationIds: [stranger.id] });
    assert.equal(replaced.status, 422);
    assert.equal(replaced.body.code, 'organization.require_membership');

    for (const method of ['GET', 'POST', 'PUT'] as const) {
      const body = method === 'GET' ? undefined : { organizationIds: [member.id] };
      const firstPartyAnswer = await gh.api(method, consentsOf(firstParty.id, user.id), body);
      assert.equal(firstPartyAnswer.status, 422, `${method} ${firstPartyAnswer.text}`);
      assert.equal(firstPartyAnswer.body.code, 'application.third_party_application_only');
      const unknownApp = await gh.api(method, consentsOf('no-such-app', user.id), body);
      assert.equal(unknownApp.status, 404);
      assert.equal(unknownApp.body.code, 'entity.not_exists_with_id');
      const unknownUser = await gh.api(method, consentsOf(thirdParty.id, 'no-such-user'), body);
      assert.equal(unknownUser.status, 404);
      assert.equal(unknownUser.body.code, 'entity.not_exists_with_id');
    }
    const empty = await gh.api('POST', path, { organizationIds: [] });
    assert.equal(empty.status, 400);
  });

  it('withdraws the consent when the user leaves the organization or the application is deleted', async () => {
    const user = await g.user();
    const organization = await g.organization({ members: [user.id] });
    const app = await g.application({ type: 'Traditional', isThirdParty: true, oidcClientMetadata: metadata });
    assert.equal((await gh.api('POST', consentsOf(app.id, user.id), { organizationIds: [organization.id] })).status, 201);
    assert.equal((await gh.api('POST', consentsOf(thirdParty.id, user.id), { organizationIds: [organization.id] })).status, 201);

    assert.equal((await gh.api('DELETE', `/api/organizations/${organization.id}/users/${user.id}`)).status, 204);
    assert.deepEqual(await consentedIds(thirdParty.id, user.id), []);
    await g.membership(organization.id, user.id);
    assert.deepEqual(await consentedIds(thirdParty.id, user.id), [], 'joining again does not bring the consent back');

    assert.equal((await gh.api('POST', consentsOf(app.id, user.id), { organizationIds: [organization.id] })).status, 201);
    assert.equal((await gh.api('DELETE', `/api/applications/${app.id}`)).status, 204);
    assert.equal((await gh.api('GET', consentsOf(app.id, user.id))).status, 404);
  });
});

const user = await g.user();
const [chosen, other, suspended] = [await g.organization(), await g.organization(), await g.organization()];
await g.membership(chosen.id, user.id, { roleIds: [reader.id] });
await g.membership(other.id, user.id, { roleIds: [reader.id] });
await g.membership(suspended.id, user.id, { roleIds: [reader.id], status: 'Suspended' });
const scope = `openid offline_access ${ORGS} ${ORG_ROLES} ${read.name}`;

describe('a third-party application gets only the organizations the user granted it', () => {
  /**
   * Signs in through the hosted pages, ticks `pick` on the consent page and exchanges the code
   * (with prompt=consent, as Logto's SDKs send: OIDC keeps offline_access only with it).
   */
  const signInChoosing = async (pick: string[]) => {
    const session = browser(gh);
    const { verifier, challenge } = pkce();
    const login = await session.follow(await session.request('GET', authorizeUrl({ clientId: thirdParty.id, scope, challenge, prompt: 'consent' })));
    assert.ok(!(login instanceof URL));
    const consent = await session.follow(await session.request('POST', formAction(login.body, 'login'), { identifier: user.username, password: PASSWORD }));
    assert.ok(!(consent instanceof URL), 'a third-party application asks for consent');
    assert.equal(consent.statusCode, 200);
    const offered = [...consent.body.matchAll(/name="organization_id" value="([^"]+)"/g)].map((match) => match[1]).sort();
    assert.deepEqual(offered, [chosen.id, other.id].sort(), 'the consent page offers the active memberships only');

    // Two checkboxes ticked post the field twice; inject cannot repeat a key through a record, so build the body.
    const body = new URLSearchParams(pick.map((id): [string, string] => ['organization_id', id])).toString();
    const posted = await gh.inject({
      method: 'POST',
      url: formAction(consent.body, 'consent'),
      headers: { host: new URL(gh.config.endpoint).host, cookie: session.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body,
    });
    session.jar.store(posted);
    const callback = await session.follow(posted);
    assert.ok(callback instanceof URL, `consent did not return to the application: ${JSON.stringify(callback)}`);
    const tokens = await tokenRequest(
      gh,
      { grant_type: 'authorization_code', code: callback.searchParams.get('code')!, code_verifier: verifier, redirect_uri: REDIRECT_URI },
      { authorization: `Basic ${Buffer.from(`${thirdParty.id}:${thirdParty.secret}`).toString('base64')}` },
    );
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    return tokens.body as { access_token: string; refresh_token: string; id_token: string };
  };

  const organizationToken = (refreshToken: string, organizationId: string) =>
    tokenRequest(
      gh,
      { grant_type: 'refresh_token', refresh_token: refreshToken, organization_id: organizationId },
      { authorization: `Basic ${Buffer.from(`${thirdParty.id}:${thirdParty.secret}`).toString('base64')}` },
    );

  it('records the organizations ticked on the consent page, and lists only those in the ID token and userinfo', async () => {
    const tokens = await signInChoosing([chosen.id]);
    assert.deepEqual(await consentedIds(thirdParty.id, user.id), [chosen.id]);
    const idToken = (await jwtVerify(tokens.id_token, await jwks(), { issuer, audience: thirdParty.id })).payload;
    assert.deepEqual(idToken.organizations, [chosen.id]);
    assert.deepEqual(idToken.organization_roles, [`${chosen.id}:${reader.name}`]);
    const userinfo = await gh.inject({ method: 'GET', url: '/oidc/me', headers: { authorization: `Bearer ${tokens.access_token}` } });
    assert.equal(userinfo.statusCode, 200, userinfo.body);
    assert.deepEqual(userinfo.json().organizations, [chosen.id]);
    assert.deepEqual(userinfo.json().organization_data.map((organization: { id: string }) => organization.id), [chosen.id]);
  });

  it('issues organization tokens for granted organizations only, and follows later changes through the Management API', async () => {
    const tokens = await signInChoosing([chosen.id]);
    let refreshToken = tokens.refresh_token;
    const granted = await organizationToken(refreshToken, chosen.id);
    assert.equal(granted.status, 200, JSON.stringify(granted.body));
    refreshToken = granted.body.refresh_token;
    const claims = (await jwtVerify(granted.body.access_token, await jwks(), { issuer, audience: `urn:logto:organization:${chosen.id}` })).payload;
    assert.equal(claims.scope, read.name);
    // The ID token that comes with it lists the granted organizations only, too.
    const refreshedIdToken = (await jwtVerify(granted.body.id_token, await jwks(), { issuer, audience: thirdParty.id })).payload;
    assert.deepEqual(refreshedIdToken.organizations, [chosen.id]);

    const refused = await organizationToken(refreshToken, other.id);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error, 'access_denied');
    assert.match(refused.body.error_description, /not granted to the application/);

    // The administrator withdraws one organization and grants the other: the next tokens follow.
    assert.equal((await gh.api('DELETE', `${consentsOf(thirdParty.id, user.id)}/${chosen.id}`)).status, 204);
    assert.equal((await gh.api('POST', consentsOf(thirdParty.id, user.id), { organizationIds: [other.id] })).status, 201);
    assert.equal((await organizationToken(refreshToken, chosen.id)).status, 403, 'refused requests leave the refresh token usable');
    const now = await organizationToken(refreshToken, other.id);
    assert.equal(now.status, 200, JSON.stringify(now.body));
    assert.equal((await organizationToken(now.body.refresh_token, suspended.id)).status, 403);
  });

  it('unticking an organization on a later consent withdraws it', async () => {
    await signInChoosing([chosen.id, other.id]);
    assert.deepEqual(await consentedIds(thirdParty.id, user.id), [chosen.id, other.id].sort());
    const session = browser(gh);
    const login = await session.follow(
      await session.request('GET', authorizeUrl({ clientId: thirdParty.id, scope, challenge: pkce().challenge, prompt: 'consent' })),
    );
    assert.ok(!(login instanceof URL));
    const consent = await session.follow(await session.request('POST', formAction(login.body, 'login'), { identifier: user.username, password: PASSWORD }));
    assert.ok(!(consent instanceof URL));
    assert.equal([...consent.body.matchAll(/ checked>/g)].length, 2, 'what was granted before is ticked');
    const callback = await session.follow(await session.request('POST', formAction(consent.body, 'consent'), { organization_id: other.id }));
    assert.ok(callback instanceof URL);
    assert.deepEqual(await consentedIds(thirdParty.id, user.id), [other.id]);
  });

  it('a first-party application needs no consent and sees every active membership', async () => {
    const session = browser(gh);
    const page = await session.follow(await session.request('GET', authorizeUrl({ clientId: firstParty.id, scope, challenge: pkce().challenge })));
    assert.ok(!(page instanceof URL));
    const callback = await session.follow(await session.request('POST', formAction(page.body, 'login'), { identifier: user.username, password: PASSWORD }));
    assert.ok(callback instanceof URL, 'no consent page for a first-party application');
  });
});
