import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';

const gh = await startGuildhall();
const g = given(gh);
const metadata = { redirectUris: ['https://app.example.com/callback'], postLogoutRedirectUris: [] };
const path = (applicationId: string) => `/api/applications/${applicationId}/user-consent-scopes`;

describe('user consent scopes (Management API)', () => {
  it('adds (idempotently), lists grouped by resource, and removes each kind of scope', async () => {
    const app = await g.application({ type: 'Traditional', isThirdParty: true, oidcClientMetadata: metadata });
    const [invite, read] = [await g.organizationScope({ name: g.unique('invite:'), description: 'Invite people' }), await g.organizationScope()];
    const resource = await g.resource({ name: g.unique('a-api') });
    const [write, list] = [await g.resourceScope({ resourceId: resource.id, name: 'write' }), await g.resourceScope({ resourceId: resource.id, name: 'list' })];
    const other = await g.resourceScope();

    const empty = await gh.api('GET', path(app.id));
    assert.equal(empty.status, 200, empty.text);
    assert.deepEqual(empty.body, { organizationScopes: [], resourceScopes: [], organizationResourceScopes: [], userScopes: [] });

    const body = {
      organizationScopes: [invite.id, read.id],
      resourceScopes: [write.id, list.id, other.id],
      organizationResourceScopes: [write.id],
      userScopes: ['profile', 'urn:logto:scope:organizations'],
    };
    const added = await gh.api('POST', path(app.id), body);
    assert.equal(added.status, 201, added.text);
    assert.equal((await gh.api('POST', path(app.id), body)).status, 201, 'adding again is a no-op');
    const listed = await gh.api('GET', path(app.id));
    assert.deepEqual(listed.body, added.body, 'POST answers with the whole list');

    const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    assert.deepEqual(
      listed.body.organizationScopes,
      [invite, read].map(({ id, name, description }) => ({ id, name, description })).sort(byName),
    );
    const groups = listed.body.resourceScopes as Array<{ resource: { id: string; name: string; indicator: string }; scopes: Array<{ name: string }> }>;
    assert.equal(groups.length, 2, 'one group per resource');
    const own = groups.find((group) => group.resource.id === resource.id)!;
    assert.deepEqual(own.resource, { id: resource.id, name: resource.name, indicator: resource.indicator });
    assert.deepEqual(own.scopes.map((scope) => scope.name), ['list', 'write'], 'scopes by name');
    assert.deepEqual(listed.body.organizationResourceScopes, [
      { resource: { id: resource.id, name: resource.name, indicator: resource.indicator }, scopes: [{ id: write.id, name: 'write', description: null }] },
    ]);
    assert.deepEqual(listed.body.userScopes, ['profile', 'urn:logto:scope:organizations']);

    for (const [type, id] of [
      ['organization-scopes', read.id],
      ['resource-scopes', other.id],
      ['organization-resource-scopes', write.id],
      ['user-scopes', 'urn:logto:scope:organizations'],
    ] as const) {
      const removed = await gh.api('DELETE', `${path(app.id)}/${type}/${encodeURIComponent(id)}`);
      assert.equal(removed.status, 204, `${type}: ${removed.text}`);
      const again = await gh.api('DELETE', `${path(app.id)}/${type}/${encodeURIComponent(id)}`);
      assert.equal(again.status, 404, type);
      assert.equal(again.body.code, 'entity.not_found');
    }
    const after = (await gh.api('GET', path(app.id))).body;
    assert.deepEqual(after.organizationScopes.map((scope: { id: string }) => scope.id), [invite.id]);
    assert.deepEqual(after.resourceScopes.map((group: { resource: { id: string } }) => group.resource.id), [resource.id]);
    assert.deepEqual(after.organizationResourceScopes, []);
    assert.deepEqual(after.userScopes, ['profile']);
  });

  it('refuses unknown scopes (adding nothing of the request), unknown values, first-party and unknown applications', async () => {
    const app = await g.application({ type: 'Traditional', isThirdParty: true, oidcClientMetadata: metadata });
    const firstParty = await g.application({ type: 'SPA', oidcClientMetadata: metadata });
    const scope = await g.organizationScope();

    for (const body of [
      { organizationScopes: [scope.id, 'no-such-scope'] },
      { organizationScopes: [scope.id], resourceScopes: ['no-such-scope'] },
      { organizationScopes: [scope.id], organizationResourceScopes: [scope.id] },
    ]) {
      const refused = await gh.api('POST', path(app.id), body);
      assert.equal(refused.status, 422, JSON.stringify(body));
      assert.equal(refused.body.code, 'entity.relation_foreign_key_not_found');
    }
    assert.deepEqual((await gh.api('GET', path(app.id))).body.organizationScopes, [], 'nothing of a refused request was added');

    for (const body of [{ userScopes: ['openid'] }, { userScopes: 'profile' }, { organizationScopes: [''] }, { organizationScopes: [42] }]) {
      const invalid = await gh.api('POST', path(app.id), body);
      assert.equal(invalid.status, 400, JSON.stringify(body));
      assert.equal(invalid.body.code, 'guard.invalid_input');
    }
    const badType = await gh.api('DELETE', `${path(app.id)}/roles/${scope.id}`);
    assert.equal(badType.status, 400);

    for (const [method, body] of [['GET', undefined], ['POST', { userScopes: ['email'] }]] as const) {
      const firstPartyAnswer = await gh.api(method, path(firstParty.id), body);
      assert.equal(firstPartyAnswer.status, 422, `${method} ${firstPartyAnswer.text}`);
      assert.equal(firstPartyAnswer.body.code, 'application.third_party_application_only');
      const unknown = await gh.api(method, path('no-such-app'), body);
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.code, 'entity.not_exists_with_id');
    }
    assert.equal((await gh.api('DELETE', `${path(firstParty.id)}/user-scopes/email`)).body.code, 'application.third_party_application_only');
  });

  it('drops a consent scope with its permission, and everything with the application', async () => {
    const app = await g.application({ type: 'Traditional', isThirdParty: true, oidcClientMetadata: metadata });
    const [organizationScope, resourceScope] = [await g.organizationScope(), await g.resourceScope()];
    const body = { organizationScopes: [organizationScope.id], resourceScopes: [resourceScope.id], organizationResourceScopes: [resourceScope.id], userScopes: ['email'] };
    assert.equal((await gh.api('POST', path(app.id), body)).status, 201);

    assert.equal((await gh.api('DELETE', `/api/organization-scopes/${organizationScope.id}`)).status, 204);
    assert.equal((await gh.api('DELETE', `/api/resources/${resourceScope.resourceId}/scopes/${resourceScope.id}`)).status, 204);
    assert.deepEqual((await gh.api('GET', path(app.id))).body, { organizationScopes: [], resourceScopes: [], organizationResourceScopes: [], userScopes: ['email'] });

    assert.equal((await gh.api('DELETE', `/api/applications/${app.id}`)).status, 204);
    assert.equal((await gh.api('GET', path(app.id))).status, 404);
  });
});
