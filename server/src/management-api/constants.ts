/** The Management API resource and its `all` scope, as Logto defines them. */
export const MANAGEMENT_API_RESOURCE_ID = 'management-api';
export const MANAGEMENT_API_SCOPE_ID = 'management-api-all';
export const MANAGEMENT_API_SCOPE = 'all';
/** Guildhall's read-only scope (Logto has only `all`): every GET but the one that reveals secrets. */
export const MANAGEMENT_API_READ_SCOPE_ID = 'management-api-read';
export const MANAGEMENT_API_READ_SCOPE = 'read';
/** Built-in global roles: machine-to-machine apps and users (Console administrators) with full access. */
export const MANAGEMENT_M2M_ROLE_ID = 'management-api-m2m';
export const ADMIN_ROLE_ID = 'admin';
/** Built-in global role: machine-to-machine apps that may only read through the Management API. */
export const MANAGEMENT_READ_M2M_ROLE_ID = 'management-m2m-read';

export const managementApiIndicator = (endpoint: string) => `${endpoint}/api`;
