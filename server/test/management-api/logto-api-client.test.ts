import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createManagementApi } from '@logto/api/management';
import { startGuildhall } from '../support/guildhall.ts';

// The official `@logto/api` Management API client works against Guildhall unchanged: it gets a
// client-credentials token for `resource=<indicator>&scope=all` and calls typed routes.
const gh = await startGuildhall();
const address = await gh.app.listen({ port: 0, host: '127.0.0.1' });
after(() => gh.app.close());

const { apiClient, clientCredentials } = createManagementApi('default', {
  clientId: gh.admin.id,
  clientSecret: gh.admin.secret,
  baseUrl: address,
  apiIndicator: `${gh.config.endpoint}/api`,
});

describe('@logto/api createManagementApi', () => {
  it('gets a token with the all scope', async () => {
    const token = await clientCredentials.getAccessToken();
    assert.equal(token.scope, 'all');
  });

  it('manages the organization template, an organization, its members and just-in-time provisioning, and the ID token claims', async () => {
    const scope = await apiClient.POST('/api/organization-scopes', { body: { name: 'invite:users', description: 'Invite' } });
    assert.equal(scope.response.status, 201);
    assert.ok(scope.data?.id);
    const role = await apiClient.POST('/api/organization-roles', {
      body: { name: 'member', organizationScopeIds: [scope.data!.id], resourceScopeIds: [] },
    });
    assert.equal(role.response.status, 201);
    const organization = await apiClient.POST('/api/organizations', { body: { name: 'Acme' } });
    assert.equal(organization.response.status, 201);
    const orgId = organization.data!.id;
    const user = await apiClient.POST('/api/users', { body: { username: 'wile' } });
    assert.equal(user.response.status, 200);
    const userId = user.data!.id;

    const added = await apiClient.POST('/api/organizations/{id}/users', {
      params: { path: { id: orgId } },
      body: { userIds: [userId] },
    });
    assert.equal(added.response.status, 201);
    const assigned = await apiClient.POST('/api/organizations/{id}/users/{userId}/roles', {
      params: { path: { id: orgId, userId } },
      body: { organizationRoleNames: ['member'] },
    });
    assert.equal(assigned.response.status, 201);

    const members = await apiClient.GET('/api/organizations/{id}/users', { params: { path: { id: orgId }, query: {} } });
    assert.equal(members.response.status, 200);
    assert.equal(members.response.headers.get('total-number'), '1');
    assert.deepEqual(
      members.data!.map((member) => [member.id, member.organizationRoles.map((r) => r.name)]),
      [[userId, ['member']]],
    );
    const scopes = await apiClient.GET('/api/organizations/{id}/users/{userId}/scopes', {
      params: { path: { id: orgId, userId } },
    });
    assert.deepEqual(scopes.data!.map((s) => s.name), ['invite:users']);

    // Just-in-time provisioning and the ID token configuration, through Logto's own typed routes.
    const domain = await apiClient.POST('/api/organizations/{id}/jit/email-domains', {
      params: { path: { id: orgId } },
      body: { emailDomain: 'Acme.example' },
    });
    assert.equal(domain.response.status, 201);
    assert.deepEqual(domain.data, { tenantId: 'default', organizationId: orgId, emailDomain: 'acme.example' });
    const jitRoles = await apiClient.PUT('/api/organizations/{id}/jit/roles', {
      params: { path: { id: orgId } },
      body: { organizationRoleIds: [role.data!.id] },
    });
    assert.equal(jitRoles.response.status, 204);
    const listedRoles = await apiClient.GET('/api/organizations/{id}/jit/roles', { params: { path: { id: orgId }, query: {} } });
    assert.deepEqual(listedRoles.data!.map((r) => r.name), ['member']);
    const idToken = await apiClient.PUT('/api/configs/id-token', { body: { enabledExtendedClaims: ['organizations', 'organization_data'] } });
    assert.deepEqual(idToken.data, { enabledExtendedClaims: ['organizations', 'organization_data'] });
    assert.deepEqual((await apiClient.GET('/api/configs/id-token')).data, { enabledExtendedClaims: ['organizations', 'organization_data'] });

    const missing = await apiClient.GET('/api/organizations/{id}', { params: { path: { id: 'nope' } } });
    assert.equal(missing.response.status, 404);
    assert.equal((missing.error as unknown as { code: string }).code, 'entity.not_exists_with_id');
  });
});
