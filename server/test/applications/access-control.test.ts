import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';
import { authorizeUrl, browser, pkce, REDIRECT_URI, signInAndExchange, signInThroughPages, tokenRequest } from '../oidc/flow.ts';

const gh = await startGuildhall();
const g = given(gh);
const metadata = { redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [] };
const path = (applicationId: string) => `/api/applications/${applicationId}/access-control`;
const NONE = { userIds: [], userRoleIds: [], organizationIds: [], organizationRoleRules: [] };

describe('application access control (Management API)', () => {
  it('is open by default, and replaces, normalizes and clears the rules', async () => {
    const app = await g.application({ type: 'SPA', oidcClientMetadata: metadata });
    const [ada, ben] = [await g.user(), await g.user()];
    const role = (await gh.api('POST', '/api/roles', { name: g.unique('role'), description: 'Staff' })).body;
    const [acme, globex] = [await g.organization(), await g.organization()];
    const [admin, viewer] = [await g.organizationRole(), await g.organizationRole()];

    const initial = await gh.api('GET', path(app.id));
    assert.equal(initial.status, 200, initial.text);
    assert.deepEqual(initial.body, NONE);

    const rules = {
      userIds: [ben.id, ada.id, ada.id],
      userRoleIds: [role.id],
      organizationIds: [acme.id],
      organizationRoleRules: [
        { organizationId: globex.id, organizationRoleIds: [viewer.id] },
        { organizationId: globex.id, organizationRoleIds: [admin.id, viewer.id] },
      ],
    };
    const replaced = await gh.api('PUT', path(app.id), rules);
    assert.equal(replaced.status, 200, replaced.text);
    assert.deepEqual(replaced.body, {
      userIds: [ada.id, ben.id].sort(),
      userRoleIds: [role.id],
      organizationIds: [acme.id],
      organizationRoleRules: [{ organizationId: globex.id, organizationRoleIds: [admin.id, viewer.id].sort() }],
    });
    assert.deepEqual((await gh.api('GET', path(app.id))).body, replaced.body);

    const narrower = await gh.api('PUT', path(app.id), { ...NONE, organizationIds: [globex.id] });
    assert.deepEqual(narrower.body, { ...NONE, organizationIds: [globex.id] }, 'a replacement, not a merge');
    assert.deepEqual((await gh.api('PUT', path(app.id), NONE)).body, NONE);
  });

  it('refuses unknown ids, roles for machines, empty role rules and malformed bodies, changing nothing', async () => {
    const app = await g.application({ type: 'SPA', oidcClientMetadata: metadata });
    const organization = await g.organization();
    const kept = { ...NONE, organizationIds: [organization.id] };
    assert.equal((await gh.api('PUT', path(app.id), kept)).status, 200);

    for (const body of [
      { ...NONE, userIds: ['no-such-user'] },
      { ...NONE, organizationIds: [organization.id, 'no-such-org'] },
      { ...NONE, userRoleIds: ['no-such-role'] },
      { ...NONE, organizationRoleRules: [{ organizationId: organization.id, organizationRoleIds: ['no-such-role'] }] },
    ]) {
      const refused = await gh.api('PUT', path(app.id), body);
      assert.equal(refused.status, 404, JSON.stringify(body));
      assert.equal(refused.body.code, 'entity.not_exists');
    }
    const machineRole = (await gh.api('POST', '/api/roles', { name: g.unique('m2m'), description: 'Machines', type: 'MachineToMachine' })).body;
    const machineOrganizationRole = await g.organizationRole({ type: 'MachineToMachine' });
    for (const body of [
      { ...NONE, userRoleIds: [machineRole.id] },
      { ...NONE, organizationRoleRules: [{ organizationId: organization.id, organizationRoleIds: [machineOrganizationRole.id] }] },
    ]) {
      const refused = await gh.api('PUT', path(app.id), body);
      assert.equal(refused.status, 422, refused.text);
      assert.equal(refused.body.code, 'application.access_control_role_type');
    }
    const empty = await gh.api('PUT', path(app.id), { ...NONE, organizationRoleRules: [{ organizationId: organization.id, organizationRoleIds: [] }] });
    assert.equal(empty.status, 422);
    assert.equal(empty.body.code, 'application.access_control_empty_role_rule');
    for (const body of [{}, { ...NONE, userIds: 'x' }, { ...NONE, organizationRoleRules: [{ organizationId: '' }] }]) {
      assert.equal((await gh.api('PUT', path(app.id), body)).status, 400, JSON.stringify(body));
    }
    assert.deepEqual((await gh.api('GET', path(app.id))).body, kept, 'nothing changed');

    const unknown = await gh.api('GET', path('no-such-app'));
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'entity.not_exists_with_id');
    assert.equal((await gh.api('PUT', path('no-such-app'), NONE)).status, 404);
    const console = await gh.api('PUT', path('guildhall-console'), { ...NONE, organizationIds: [organization.id] });
    assert.equal(console.status, 422, 'the Console cannot be closed to its administrators');
    assert.equal(console.body.code, 'application.protected');
  });
});

describe('application access control at sign-in and refresh', () => {
  const refresh = (clientId: string, refreshToken: string) =>
    tokenRequest(gh, { grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken });

  it('lets in the active members of a listed organization, at sign-in and at every refresh', async () => {
    const app = await g.application({ type: 'SPA', oidcClientMetadata: metadata });
    const [member, outsider] = [await g.user(), await g.user()];
    const acme = await g.organization({ members: [member.id] });
    assert.equal((await gh.api('PUT', path(app.id), { ...NONE, organizationIds: [acme.id] })).status, 200);

    const tokens = await signInAndExchange(gh, { clientId: app.id, identifier: member.username });
    assert.ok(tokens.refresh_token);

    const { callback, page } = await signInThroughPages(gh, { clientId: app.id, identifier: outsider.username, challenge: pkce().challenge });
    assert.equal(callback, undefined, 'no code for someone the rules do not let in');
    assert.equal(page?.statusCode, 403);
    assert.match(page!.body, /may not sign in to this application/);

    // Suspended in the organization: the next refresh is refused, and the refresh token stays usable.
    assert.equal((await gh.api('PATCH', `/api/organizations/${acme.id}/users/${member.id}`, { status: 'Suspended' })).status, 200);
    const refused = await refresh(app.id, tokens.refresh_token!);
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    assert.equal(refused.body.error, 'access_denied');
    assert.equal((await gh.api('PATCH', `/api/organizations/${acme.id}/users/${member.id}`, { status: 'Active' })).status, 200);
    const again = await refresh(app.id, tokens.refresh_token!);
    assert.equal(again.status, 200, JSON.stringify(again.body));

    // Deleting the only allowed organization closes the application rather than opening it.
    assert.equal((await gh.api('DELETE', `/api/organizations/${acme.id}`)).status, 204);
    assert.equal((await refresh(app.id, again.body.refresh_token)).status, 403);
    // Clearing the rules opens it to everyone.
    assert.equal((await gh.api('PUT', path(app.id), NONE)).status, 200);
    assert.equal((await refresh(app.id, again.body.refresh_token)).status, 200);
  });

  it('lets in listed users, holders of listed roles, and holders of listed organization roles', async () => {
    const app = await g.application({ type: 'SPA', oidcClientMetadata: metadata });
    const user = await g.user();
    const tokens = await signInAndExchange(gh, { clientId: app.id, identifier: user.username });
    let refreshToken = tokens.refresh_token!;
    const expect = async (status: number, why: string) => {
      const response = await refresh(app.id, refreshToken);
      assert.equal(response.status, status, `${why}: ${JSON.stringify(response.body)}`);
      if (status === 200) refreshToken = response.body.refresh_token;
    };
    const role = (await gh.api('POST', '/api/roles', { name: g.unique('role'), description: 'Staff' })).body;
    const organization = await g.organization({ members: [user.id] });
    const [editor, viewer] = [await g.organizationRole(), await g.organizationRole()];

    assert.equal((await gh.api('PUT', path(app.id), { ...NONE, userIds: [user.id] })).status, 200);
    await expect(200, 'listed user');
    assert.equal((await gh.api('PUT', path(app.id), { ...NONE, userRoleIds: [role.id] })).status, 200);
    await expect(403, 'role not held');
    assert.equal((await gh.api('POST', `/api/roles/${role.id}/users`, { userIds: [user.id] })).status, 201);
    await expect(200, 'role held');

    const rule = { ...NONE, organizationRoleRules: [{ organizationId: organization.id, organizationRoleIds: [editor.id] }] };
    assert.equal((await gh.api('PUT', path(app.id), rule)).status, 200);
    const roles = `/api/organizations/${organization.id}/users/${user.id}/roles`;
    assert.equal((await gh.api('POST', roles, { organizationRoleIds: [viewer.id] })).status, 201);
    await expect(403, 'another organization role');
    assert.equal((await gh.api('POST', roles, { organizationRoleIds: [editor.id] })).status, 201);
    await expect(200, 'the listed organization role');
    assert.equal((await gh.api('DELETE', `${roles}/${editor.id}`)).status, 204);
    await expect(403, 'role taken away');
  });

  it('refuses a remembered session at the authorization endpoint with access_denied', async () => {
    const open = await g.application({ type: 'SPA', oidcClientMetadata: metadata });
    const closed = await g.application({ type: 'SPA', oidcClientMetadata: metadata });
    const user = await g.user();
    assert.equal((await gh.api('PUT', path(closed.id), { ...NONE, userIds: [(await g.user()).id] })).status, 200);
    const session = browser(gh);
    const { callback } = await signInThroughPages(gh, { clientId: open.id, identifier: user.username, challenge: pkce().challenge }, session);
    assert.ok(callback, 'signed in to the open application');
    const denied = await session.follow(await session.request('GET', authorizeUrl({ clientId: closed.id, challenge: pkce().challenge })));
    assert.ok(denied instanceof URL, 'sent back to the application');
    assert.equal(denied.searchParams.get('error'), 'access_denied');
    assert.equal(denied.searchParams.get('code'), null);
  });
});
