/** The Management API resource and its single scope, as Logto defines them. */
export const MANAGEMENT_API_RESOURCE_ID = 'management-api';
export const MANAGEMENT_API_SCOPE_ID = 'management-api-all';
export const MANAGEMENT_API_SCOPE = 'all';
/** Built-in global roles: machine-to-machine apps and users (Console administrators) with full access. */
export const MANAGEMENT_M2M_ROLE_ID = 'management-api-m2m';
export const ADMIN_ROLE_ID = 'admin';

export const managementApiIndicator = (endpoint: string) => `${endpoint}/api`;
