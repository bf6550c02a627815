// Creates the organization template of the example, idempotently, through the Management API:
// permissions invite:users and remove:users; roles admin (both) and member (invite:users).
// Run it as often as you like: it converges to this template and changes nothing else.
//   node --conditions=guildhall-source --import tsx examples/organization-rbac/setup.ts
import { ManagementApiError, type ManagementClient } from '@guildhall/sdk/management';
import { fileURLToPath } from 'node:url';
import { loadExampleConfig, managementClient } from './config.ts';

export const permissions = {
  'invite:users': 'Invite users to the organization',
  'remove:users': 'Remove users from the organization',
} as const;
export type Permission = keyof typeof permissions;

export const roles: Record<'admin' | 'member', { description: string; permissions: Permission[] }> = {
  admin: { description: 'May invite and remove users', permissions: ['invite:users', 'remove:users'] },
  member: { description: 'May invite users', permissions: ['invite:users'] },
};

export interface Template {
  permissionIds: Record<Permission, string>;
  roleIds: Record<keyof typeof roles, string>;
}

/** Finds by exact name, or creates; a concurrent creation (422 on the unique name) is looked up again. */
async function ensure<T extends { id: string; name: string }>(find: () => Promise<T[]>, name: string, create: () => Promise<T>): Promise<{ item: T; created: boolean }> {
  const existing = (await find()).find((item) => item.name === name);
  if (existing) return { item: existing, created: false };
  try {
    return { item: await create(), created: true };
  } catch (error) {
    if (!(error instanceof ManagementApiError && error.code === 'entity.unique_integrity_violation')) throw error;
    const raced = (await find()).find((item) => item.name === name);
    if (!raced) throw error;
    return { item: raced, created: false };
  }
}

export async function setupTemplate(api: ManagementClient, log: (line: string) => void = () => {}): Promise<Template> {
  const permissionIds = {} as Record<Permission, string>;
  for (const [name, description] of Object.entries(permissions) as Array<[Permission, string]>) {
    const { item, created } = await ensure(
      async () => (await api.get('/api/organization-scopes', { query: { q: name } })).data,
      name,
      async () => (await api.post('/api/organization-scopes', { body: { name, description } })).data,
    );
    permissionIds[name] = item.id;
    log(`${created ? 'created' : 'found  '} permission ${name} (${item.id})`);
  }

  const roleIds = {} as Template['roleIds'];
  for (const [name, role] of Object.entries(roles) as Array<[keyof typeof roles, (typeof roles)[keyof typeof roles]]>) {
    const organizationScopeIds = role.permissions.map((permission) => permissionIds[permission]);
    const { item, created } = await ensure(
      async () => (await api.get('/api/organization-roles', { query: { q: name, page: 1, page_size: 100 } })).data,
      name,
      async () => (await api.post('/api/organization-roles', { body: { name, description: role.description, organizationScopeIds } })).data,
    );
    // An existing role gets exactly the template's permissions (PUT replaces the set).
    if (!created) await api.put('/api/organization-roles/{id}/scopes', { path: { id: item.id }, body: { organizationScopeIds } });
    roleIds[name] = item.id;
    log(`${created ? 'created' : 'found  '} role ${name} (${item.id}): ${role.permissions.join(', ')}`);
  }
  return { permissionIds, roleIds };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const template = await setupTemplate(managementClient(loadExampleConfig()), console.log);
  console.log(JSON.stringify(template));
}
