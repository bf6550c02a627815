import assert from 'node:assert/strict';
import type { TestGuildhall } from './guildhall.ts';

let counter = 0;
const unique = (prefix: string) => `${prefix}${process.pid}x${++counter}x${Math.random().toString(36).slice(2, 6)}`;

async function ok(promise: Promise<{ status: number; body: any }>, expected: number[] = [200, 201]) {
  const response = await promise;
  assert.ok(expected.includes(response.status), `fixture request failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/**
 * Fixture builders that go through the Management API, as a user would:
 * `const org = await given(gh).organization({ members: [alice.id] })`.
 */
export function given(gh: TestGuildhall) {
  return {
    unique,
    user: (fields: Record<string, unknown> = {}) =>
      ok(gh.api('POST', '/api/users', { username: unique('user'), password: 'correct horse battery', ...fields })),
    m2mApp: (fields: Record<string, unknown> = {}) =>
      ok(gh.api('POST', '/api/applications', { name: unique('app'), type: 'MachineToMachine', ...fields })),
    application: (fields: Record<string, unknown>) => ok(gh.api('POST', '/api/applications', { name: unique('app'), ...fields })),
    organizationScope: (fields: Record<string, unknown> = {}) =>
      ok(gh.api('POST', '/api/organization-scopes', { name: unique('scope:'), ...fields })),
    /** `{ type?, organizationScopeIds?, resourceScopeIds?, name?, description? }` */
    organizationRole: (fields: Record<string, unknown> = {}) =>
      ok(gh.api('POST', '/api/organization-roles', { name: unique('role'), ...fields })),
    /** An API resource: `{ name?, indicator?, accessTokenTtl?, isDefault? }`. */
    resource: (fields: Record<string, unknown> = {}) =>
      ok(gh.api('POST', '/api/resources', { name: unique('api'), indicator: `https://${unique('api')}.example.com/api`, ...fields })),
    /** A scope of `resourceId`, or of a new resource when none is given. */
    resourceScope: async ({ resourceId, ...fields }: { resourceId?: string } & Record<string, unknown> = {}) => {
      const owner = resourceId ?? (await ok(gh.api('POST', '/api/resources', { name: unique('api'), indicator: `https://${unique('api')}.example.com/api` }))).id;
      return ok(gh.api('POST', `/api/resources/${owner}/scopes`, { name: unique('perm:'), ...fields }));
    },
    /** An organization; `members` (user ids) join it at once. */
    organization: async ({ members, ...fields }: { members?: string[] } & Record<string, unknown> = {}) => {
      const organization = await ok(gh.api('POST', '/api/organizations', { name: unique('org'), ...fields }));
      if (members?.length) await ok(gh.api('POST', `/api/organizations/${organization.id}/users`, { userIds: members }));
      return organization;
    },
    /** Makes a user a member, optionally with roles and a status; returns the membership. */
    membership: async (organizationId: string, userId: string, options: { roleIds?: string[]; status?: 'Active' | 'Suspended' } = {}) => {
      await ok(gh.api('POST', `/api/organizations/${organizationId}/users`, { userIds: [userId] }));
      if (options.roleIds?.length) {
        await ok(gh.api('POST', `/api/organizations/${organizationId}/users/${userId}/roles`, { organizationRoleIds: options.roleIds }));
      }
      if (options.status) await ok(gh.api('PATCH', `/api/organizations/${organizationId}/users/${userId}`, { status: options.status }));
      return ok(gh.api('GET', `/api/organizations/${organizationId}/users/${userId}`));
    },
  };
}
