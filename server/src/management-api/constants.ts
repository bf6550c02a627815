/** The Management API resource and its `all` scope, as Logto defines them. */
export const MANAGEMENT_API_RESOURCE_ID = 'management-api';
export const MANAGEMENT_API_SCOPE_ID = 'management-api-all';
export const MANAGEMENT_API_SCOPE = 'all';
/** Guildhall's read-only scope (Logto has only `all`): every GET but the one that reveals secrets. */
export const MANAGEMENT_API_READ_SCOPE_ID = 'management-api-read';
export const MANAGEMENT_API_READ_SCOPE = 'read';
/**
 * Guildhall's scopes for one area of the Management API (Logto has only `all`): `<area>:read`
 * allows the area's GETs, `<area>:write` everything in it. An area is a set of route prefixes.
 * `organizations` is organization RBAC: organizations (members, roles, invitations, JIT), the
 * organization template and invitations. None of it can grant Management API access (an
 * organization role cannot hold a Management API permission, migration 0018), so a holder cannot
 * raise itself to `all`. Areas that could (users: passwords and global roles; applications:
 * secrets; roles) have no such scope.
 */
export const MANAGEMENT_API_AREAS: Record<string, readonly string[]> = {
  organizations: ['/api/organizations', '/api/organization-invitations', '/api/organization-roles', '/api/organization-scopes'],
};
export const MANAGEMENT_API_AREA_SCOPES = [
  {
    id: 'management-orgs-read',
    name: 'organizations:read',
    description: 'Read organizations, their members and roles, invitations and the organization template.',
  },
  {
    id: 'management-orgs-write',
    name: 'organizations:write',
    description: 'Read and change organizations, their members and roles, invitations and the organization template.',
  },
] as const;

/** Built-in global roles: machine-to-machine apps and users (Console administrators) with full access. */
export const MANAGEMENT_M2M_ROLE_ID = 'management-api-m2m';
export const ADMIN_ROLE_ID = 'admin';
/** Built-in global role: machine-to-machine apps that may only read through the Management API. */
export const MANAGEMENT_READ_M2M_ROLE_ID = 'management-m2m-read';

export const managementApiIndicator = (endpoint: string) => `${endpoint}/api`;
