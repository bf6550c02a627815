import { TENANT_ID } from '../platform/schemas.ts';
import type { OrganizationRow } from './queries.ts';
import type { Branding, Color, OrganizationResponse } from './schemas.ts';

/** A database row as the API shows an organization. */
export function toOrganization<T extends OrganizationRow>(
  row: T,
): Omit<T, 'color' | 'branding' | 'customData'> & OrganizationResponse {
  return {
    ...row,
    tenantId: TENANT_ID,
    customData: row.customData,
    color: row.color as Color,
    branding: row.branding as Branding,
  };
}

/** Adds the (single) tenant id that Logto's responses carry. */
export function withTenant<T extends object>(row: T): T & { tenantId: typeof TENANT_ID } {
  return { ...row, tenantId: TENANT_ID };
}
