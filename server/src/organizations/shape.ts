import { TENANT_ID } from '../platform/schemas.ts';
import type { OrganizationRow } from './queries.ts';
import type { OrganizationResponse } from './schemas.ts';

/**
 * A database row as the API shows an organization: the row itself (fresh from the database, so
 * it is completed in place rather than copied) with the tenant id; its JSON documents are typed
 * as the API declares them.
 */
export function toOrganization<T extends OrganizationRow>(row: T): Omit<T, 'color' | 'branding' | 'customData'> & OrganizationResponse {
  // A plain property store, not Object.assign (which was the slow part of reshaping a member page).
  (row as T & { tenantId: typeof TENANT_ID }).tenantId = TENANT_ID;
  return row as unknown as Omit<T, 'color' | 'branding' | 'customData'> & OrganizationResponse;
}

/** Adds the (single) tenant id that Logto's responses carry. */
export function withTenant<T extends object>(row: T): T & { tenantId: typeof TENANT_ID } {
  return { ...row, tenantId: TENANT_ID };
}
