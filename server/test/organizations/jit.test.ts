import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';

const gh = await startGuildhall();
const g = given(gh);
const domains = (organizationId: string) => `/api/organizations/${organizationId}/jit/email-domains`;
const listed = async (organizationId: string) => {
  const response = await gh.api('GET', domains(organizationId));
  assert.equal(response.status, 200, response.text);
  return response.body.map((row: { emailDomain: string }) => row.emailDomain);
};

describe('just-in-time provisioning: email domains', () => {
  it('adds (normalised), lists (ordered, optionally paged), replaces and removes', async () => {
    const organization = await g.organization();
    const added = await gh.api('POST', domains(organization.id), { emailDomain: '  Example.COM ' });
    assert.equal(added.status, 201, added.text);
    assert.deepEqual(added.body, { tenantId: 'default', organizationId: organization.id, emailDomain: 'example.com' });
    assert.equal((await gh.api('POST', domains(organization.id), { emailDomain: 'bücher.example' })).body.emailDomain, 'xn--bcher-kva.example');
    assert.equal((await gh.api('POST', domains(organization.id), { emailDomain: 'acme.co.uk' })).status, 201);

    const all = await gh.api('GET', domains(organization.id));
    assert.deepEqual(all.body.map((row: { emailDomain: string }) => row.emailDomain), ['acme.co.uk', 'example.com', 'xn--bcher-kva.example']);
    assert.equal(all.headers['total-number'], undefined, 'no paging parameters: the whole list');
    const paged = await gh.api('GET', `${domains(organization.id)}?page=2&page_size=2`);
    assert.deepEqual(paged.body.map((row: { emailDomain: string }) => row.emailDomain), ['xn--bcher-kva.example']);
    assert.equal(paged.headers['total-number'], '3');

    const duplicate = await gh.api('POST', domains(organization.id), { emailDomain: 'EXAMPLE.com' });
    assert.equal(duplicate.status, 422, 'the same domain whatever its case');
    assert.equal(duplicate.body.code, 'entity.unique_integrity_violation');

    const replaced = await gh.api('PUT', domains(organization.id), { emailDomains: ['Globex.example', 'globex.EXAMPLE', 'initech.example'] });
    assert.equal(replaced.status, 204, replaced.text);
    assert.deepEqual(await listed(organization.id), ['globex.example', 'initech.example'], 'duplicates merged');

    assert.equal((await gh.api('DELETE', `${domains(organization.id)}/GLOBEX.example`)).status, 204, 'matched whatever the case');
    assert.deepEqual(await listed(organization.id), ['initech.example']);
    for (const absent of ['globex.example', 'not a domain']) {
      const missing = await gh.api('DELETE', `${domains(organization.id)}/${encodeURIComponent(absent)}`);
      assert.equal(missing.status, 404, absent);
      assert.equal(missing.body.code, 'entity.not_found');
    }

    assert.equal((await gh.api('PUT', domains(organization.id), { emailDomains: [] })).status, 204);
    assert.deepEqual(await listed(organization.id), []);
  });

  it('refuses what is not a domain name (400) and changes nothing when one of a list is bad', async () => {
    const organization = await g.organization();
    await gh.api('PUT', domains(organization.id), { emailDomains: ['kept.example'] });
    const refused = ['@example.com', '*.example.com', 'localhost', '127.0.0.1', 'exa mple.com', '-acme.example', 'acme-.example', 'a..example', 'a_b.example', `${'a'.repeat(64)}.example`, `${'a.'.repeat(64)}example`];
    for (const emailDomain of refused) {
      const response = await gh.api('POST', domains(organization.id), { emailDomain });
      assert.equal(response.status, 400, `${emailDomain}: ${response.text}`);
      assert.equal(response.body.code, 'organization.invalid_email_domain');
      assert.equal(response.body.data.emailDomain, emailDomain);
    }
    const empty = await gh.api('POST', domains(organization.id), { emailDomain: '' });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.code, 'guard.invalid_input');

    const mixed = await gh.api('PUT', domains(organization.id), { emailDomains: ['fine.example', 'user@bad.example'] });
    assert.equal(mixed.status, 400);
    assert.equal(mixed.body.code, 'organization.invalid_email_domain');
    assert.deepEqual(await listed(organization.id), ['kept.example'], 'the list is as it was');
  });

  it('answers 404 for an unknown organization, and the domains go with a deleted organization', async () => {
    for (const [method, path, body] of [
      ['GET', domains('nope'), undefined],
      ['POST', domains('nope'), { emailDomain: 'example.com' }],
      ['PUT', domains('nope'), { emailDomains: ['example.com'] }],
    ] as const) {
      const response = await gh.api(method, path, body);
      assert.equal(response.status, 404, `${method} ${response.text}`);
      assert.equal(response.body.code, 'entity.not_exists_with_id');
    }
    const organization = await g.organization();
    await gh.api('POST', domains(organization.id), { emailDomain: 'cascade.example' });
    assert.equal((await gh.api('DELETE', `/api/organizations/${organization.id}`)).status, 204);
    const rows = await gh.context.db.selectFrom('organizationJitEmailDomains').selectAll().where('organizationId', '=', organization.id).execute();
    assert.deepEqual(rows, []);
  });

  it('lets two organizations share a domain', async () => {
    const [a, b] = [await g.organization(), await g.organization()];
    for (const organization of [a, b]) assert.equal((await gh.api('POST', domains(organization.id), { emailDomain: 'shared.example' })).status, 201);
    assert.deepEqual(await listed(a.id), ['shared.example']);
    assert.deepEqual(await listed(b.id), ['shared.example']);
  });
});

describe('just-in-time provisioning: default roles', () => {
  const roles = (organizationId: string) => `/api/organizations/${organizationId}/jit/roles`;

  it('links roles of type User, lists them as roles (by name), replaces and removes', async () => {
    const organization = await g.organization();
    const [viewer, editor] = [await g.organizationRole({ name: g.unique('z-viewer') }), await g.organizationRole({ name: g.unique('a-editor') })];
    const added = await gh.api('POST', roles(organization.id), { organizationRoleIds: [viewer.id, editor.id, viewer.id] });
    assert.equal(added.status, 201, added.text);
    assert.equal((await gh.api('POST', roles(organization.id), { organizationRoleIds: [viewer.id] })).status, 201, 'adding again is a no-op');
    const list = await gh.api('GET', roles(organization.id));
    assert.deepEqual(list.body, [editor, viewer], 'full roles, by name');

    assert.equal((await gh.api('PUT', roles(organization.id), { organizationRoleIds: [viewer.id] })).status, 204);
    assert.deepEqual((await gh.api('GET', roles(organization.id))).body, [viewer]);
    assert.equal((await gh.api('DELETE', `${roles(organization.id)}/${viewer.id}`)).status, 204);
    const again = await gh.api('DELETE', `${roles(organization.id)}/${viewer.id}`);
    assert.equal(again.status, 404);
    assert.equal(again.body.code, 'entity.not_found');
  });

  it('refuses machine-to-machine roles and unknown roles, and a deleted role leaves the list', async () => {
    const organization = await g.organization();
    const machine = await g.organizationRole({ type: 'MachineToMachine' });
    const refused = await gh.api('POST', roles(organization.id), { organizationRoleIds: [machine.id] });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.code, 'entity.db_constraint_violated');
    const unknown = await gh.api('PUT', roles(organization.id), { organizationRoleIds: ['no-such-role'] });
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.code, 'entity.relation_foreign_key_not_found');
    assert.equal((await gh.api('GET', roles('nope'))).status, 404);

    const role = await g.organizationRole();
    await gh.api('POST', roles(organization.id), { organizationRoleIds: [role.id] });
    assert.equal((await gh.api('DELETE', `/api/organization-roles/${role.id}`)).status, 204);
    assert.deepEqual((await gh.api('GET', roles(organization.id))).body, []);
  });

  it('keeps a default role from becoming a machine-to-machine role (422), as an assigned role', async () => {
    const organization = await g.organization();
    const role = await g.organizationRole();
    await gh.api('POST', roles(organization.id), { organizationRoleIds: [role.id] });
    const response = await gh.api('PATCH', `/api/organization-roles/${role.id}`, { type: 'MachineToMachine' });
    assert.equal(response.status, 422);
    assert.equal(response.body.code, 'organization.role_type_in_use');
  });
});

describe('role type guards cover every table that checks the type', () => {
  it('an organization role on a pending invitation keeps its type', async () => {
    const organization = await g.organization();
    const role = await g.organizationRole();
    const invitation = await gh.api('POST', '/api/organization-invitations', {
      organizationId: organization.id,
      invitee: `${g.unique('guard')}@example.com`,
      expiresAt: Date.now() + 3_600_000,
      organizationRoleIds: [role.id],
    });
    assert.equal(invitation.status, 201, invitation.text);
    const response = await gh.api('PATCH', `/api/organization-roles/${role.id}`, { type: 'MachineToMachine' });
    assert.equal(response.status, 422);
    assert.equal(response.body.code, 'organization.role_type_in_use');
  });

  it("an organization role or a role in an application's access rules keeps its type", async () => {
    const application = (await gh.api('POST', '/api/applications', { name: g.unique('guarded'), type: 'Traditional', oidcClientMetadata: { redirectUris: ['https://app.example/cb'], postLogoutRedirectUris: [] } })).body;
    const organization = await g.organization();
    const organizationRole = await g.organizationRole();
    const role = (await gh.api('POST', '/api/roles', { name: g.unique('guarded-role'), description: 'guarded' })).body;
    const rules = await gh.api('PUT', `/api/applications/${application.id}/access-control`, {
      userIds: [],
      userRoleIds: [role.id],
      organizationIds: [],
      organizationRoleRules: [{ organizationId: organization.id, organizationRoleIds: [organizationRole.id] }],
    });
    assert.equal(rules.status, 200, rules.text);
    const organizationChange = await gh.api('PATCH', `/api/organization-roles/${organizationRole.id}`, { type: 'MachineToMachine' });
    assert.equal(organizationChange.status, 422);
    assert.equal(organizationChange.body.code, 'organization.role_type_in_use');
    const change = await gh.api('PATCH', `/api/roles/${role.id}`, { type: 'MachineToMachine' });
    assert.equal(change.status, 422);
    assert.equal(change.body.code, 'role.type_in_use');
  });
});

describe('just-in-time provisioning: enterprise SSO connectors', () => {
  const connectors = (organizationId: string) => `/api/organizations/${organizationId}/jit/sso-connectors`;

  it('lists none and treats every connector id as unknown (Guildhall has no SSO connectors)', async () => {
    const organization = await g.organization();
    const list = await gh.api('GET', connectors(organization.id));
    assert.equal(list.status, 200);
    assert.deepEqual(list.body, []);
    for (const [method, body] of [['POST', { ssoConnectorIds: ['sso-1'] }], ['PUT', { ssoConnectorIds: ['sso-1'] }]] as const) {
      const response = await gh.api(method, connectors(organization.id), body);
      assert.equal(response.status, 422, method);
      assert.equal(response.body.code, 'entity.relation_foreign_key_not_found');
    }
    assert.equal((await gh.api('PUT', connectors(organization.id), { ssoConnectorIds: [] })).status, 204);
    assert.equal((await gh.api('DELETE', `${connectors(organization.id)}/sso-1`)).status, 404);
    assert.equal((await gh.api('GET', connectors('nope'))).status, 404);
  });
});
