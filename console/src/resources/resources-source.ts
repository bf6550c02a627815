import { api, call, callPage } from '../api/client.ts';
import type { Resource, ResourceScope, ResourceWithScopes } from '../api/types.ts';

/** The built-in Management API resource: its `all` permission is granted by roles, not here. */
export const MANAGEMENT_API_RESOURCE_ID = 'management-api';

export async function loadAllResources(): Promise<ResourceWithScopes[]> {
  const all: ResourceWithScopes[] = [];
  for (let page = 1; ; page++) {
    const { rows, total } = await callPage(api.GET('/api/resources', { params: { query: { page, page_size: 100, includeScopes: 'true' } } }));
    all.push(...rows);
    if (all.length >= total || rows.length === 0) break;
  }
  return all;
}

/** API permissions grouped by API resource, without the Management API. */
export async function loadApiPermissionGroups(): Promise<Array<{ resource: Resource; scopes: ResourceScope[] }>> {
  const resources = (await loadAllResources()).filter((resource) => resource.id !== MANAGEMENT_API_RESOURCE_ID);
  return Promise.all(
    resources.map(async (resource) => ({
      resource,
      scopes: resource.scopes ?? (await call(api.GET('/api/resources/{resourceId}/scopes', { params: { path: { resourceId: resource.id } } }))),
    })),
  );
}
