import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';
import { decodeJwt, REDIRECT_URI, signInAndExchange, tokenRequest } from './flow.ts';

// One Guildhall (and database) for this file: the configuration is installation-wide, so the
// tests below run in order and each sets what it needs.
const gh = await startGuildhall();
const g = given(gh);
const SCOPE = 'openid offline_access urn:logto:scope:organizations urn:logto:scope:organization_roles';
const setClaims = async (enabledExtendedClaims: string[]) => {
  const response = await gh.api('PUT', '/api/configs/id-token', { enabledExtendedClaims });
  assert.equal(response.status, 200, response.text);
  return response.body;
};

/** A person in two organizations (a role in the first), signed in to a first-party app. */
async function signedIn() {
  const spa = await g.application({ type: 'SPA', oidcClientMetadata: { redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [] } });
  const user = await g.user();
  const role = await g.organizationRole({ name: g.unique('editor') });
  const acme = await g.organization({ name: 'Acme', description: 'First' });
  const globex = await g.organization({ name: 'Globex' });
  await g.membership(acme.id, user.id, { roleIds: [role.id] });
  await g.membership(globex.id, user.id);
  const tokens = await signInAndExchange(gh, { clientId: spa.id, identifier: user.username, scope: SCOPE });
  return { spa, user, role, acme, globex, tokens };
}

describe('ID token claims configuration (GET/PUT/PATCH /api/configs/id-token)', () => {
  it("answers Logto's defaults until set, then keeps known claims once each, in a fixed order", async () => {
    const initial = await gh.api('GET', '/api/configs/id-token');
    assert.equal(initial.status, 200);
    assert.deepEqual(initial.body, { enabledExtendedClaims: ['roles', 'organizations', 'organization_roles'] });

    assert.deepEqual(await setClaims(['organization_data', 'custom_data', 'organization_data']), { enabledExtendedClaims: ['custom_data', 'organization_data'] });
    assert.deepEqual((await gh.api('GET', '/api/configs/id-token')).body, { enabledExtendedClaims: ['custom_data', 'organization_data'] });
    const patched = await gh.api('PATCH', '/api/configs/id-token', { enabledExtendedClaims: ['organizations'] });
    assert.deepEqual(patched.body, { enabledExtendedClaims: ['organizations'] });
    assert.deepEqual((await gh.api('PATCH', '/api/configs/id-token', {})).body, { enabledExtendedClaims: ['organizations'] }, 'an empty patch changes nothing');

    for (const body of [{ enabledExtendedClaims: ['email'] }, { enabledExtendedClaims: 'organizations' }]) {
      const refused = await gh.api('PUT', '/api/configs/id-token', body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.equal(refused.body.code, 'guard.invalid_input');
    }
    assert.deepEqual((await gh.api('GET', '/api/configs/id-token')).body, { enabledExtendedClaims: ['organizations'] });
    await setClaims(['roles', 'organizations', 'organization_roles']);
  });

  it('by default, ID tokens carry organizations and organization roles; organization data is for userinfo', async () => {
    const { acme, globex, role, tokens } = await signedIn();
    const idToken = decodeJwt(tokens.id_token!);
    assert.deepEqual(idToken.organizations, [acme.id, globex.id]);
    assert.deepEqual(idToken.organization_roles, [`${acme.id}:${role.name}`]);
    assert.equal(idToken.organization_data, undefined);
  });

  it('applies to the next ID token, at sign-in and on every kind of refresh; userinfo keeps every claim', async () => {
    const { spa, acme, globex, role, tokens } = await signedIn();
    await setClaims(['organizations', 'organization_data']);

    const data = [
      { id: acme.id, name: 'Acme', description: 'First' },
      { id: globex.id, name: 'Globex', description: null },
    ];
    const expectConfigured = (idToken: Record<string, any>, how: string) => {
      assert.deepEqual(idToken.organizations, [acme.id, globex.id], how);
      assert.deepEqual(idToken.organization_data, data, how);
      assert.equal(idToken.organization_roles, undefined, `${how}: organization_roles is switched off`);
    };

    // A plain refresh, then an organization token's refresh (the path that reads everything in one statement).
    const plain = await tokenRequest(gh, { grant_type: 'refresh_token', client_id: spa.id, refresh_token: tokens.refresh_token! });
    assert.equal(plain.status, 200, JSON.stringify(plain.body));
    expectConfigured(decodeJwt(plain.body.id_token), 'refresh');
    const organization = await tokenRequest(gh, { grant_type: 'refresh_token', client_id: spa.id, refresh_token: plain.body.refresh_token, organization_id: acme.id });
    assert.equal(organization.status, 200, JSON.stringify(organization.body));
    expectConfigured(decodeJwt(organization.body.id_token), 'organization token refresh');

    const userinfo = await gh.inject({ method: 'GET', url: '/oidc/me', headers: { authorization: `Bearer ${tokens.access_token}` } });
    assert.deepEqual(userinfo.json().organization_roles, [`${acme.id}:${role.name}`], 'userinfo is not limited by the ID token configuration');
    assert.deepEqual(userinfo.json().organization_data, data);

    // Nothing enabled: no organization claims in the ID token, even on the organization-token path.
    await setClaims([]);
    const none = await tokenRequest(gh, { grant_type: 'refresh_token', client_id: spa.id, refresh_token: organization.body.refresh_token, organization_id: globex.id });
    assert.equal(none.status, 200, JSON.stringify(none.body));
    const idToken = decodeJwt(none.body.id_token);
    for (const claim of ['organizations', 'organization_roles', 'organization_data']) assert.equal(idToken[claim], undefined, claim);
    assert.equal(decodeJwt(none.body.access_token).aud, `urn:logto:organization:${globex.id}`, 'the organization token itself is unchanged');

    await setClaims(['roles', 'organizations', 'organization_roles']);
    const back = await signInAndExchange(gh, { clientId: spa.id, identifier: (await gh.api('GET', `/api/organizations/${acme.id}/users`)).body[0].username, scope: SCOPE });
    assert.deepEqual(decodeJwt(back.id_token!).organization_roles, [`${acme.id}:${role.name}`], 'the defaults again');
  });
});
