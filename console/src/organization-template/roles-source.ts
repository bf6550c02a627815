import { api, callPage } from '../api/client.ts';
import type { OrganizationRoleWithScopes, RoleType } from '../api/types.ts';

/** Every organization role of the template (all pages), optionally of one type. */
export async function loadAllOrganizationRoles(type?: RoleType): Promise<OrganizationRoleWithScopes[]> {
  const all: OrganizationRoleWithScopes[] = [];
  for (let page = 1; ; page++) {
    const { rows, total } = await callPage(api.GET('/api/organization-roles', { params: { query: { page, page_size: 100 } } }));
    all.push(...rows);
    if (all.length >= total || rows.length === 0) break;
  }
  return type ? all.filter((role) => role.type === type) : all;
}
