/**
 * The OIDC extensions of Logto's organizations feature (reference §4.1), by their wire names.
 */

/** Enables the `organizations` and `organization_data` claims; required in a refresh token to get organization tokens. */
export const ORGANIZATIONS_SCOPE = 'urn:logto:scope:organizations';
/** Enables the `organization_roles` claim (`<organizationId>:<roleName>`). */
export const ORGANIZATION_ROLES_SCOPE = 'urn:logto:scope:organization_roles';
/** The pseudo API resource whose scopes are every organization permission of the template. */
export const ORGANIZATIONS_RESOURCE = 'urn:logto:resource:organizations';

const ORGANIZATION_URN_PREFIX = 'urn:logto:organization:';

/** The audience of an organization token. */
export const organizationUrn = (organizationId: string) => `${ORGANIZATION_URN_PREFIX}${organizationId}`;

export function organizationIdFromUrn(value: string): string | undefined {
  return value.startsWith(ORGANIZATION_URN_PREFIX) ? value.slice(ORGANIZATION_URN_PREFIX.length) : undefined;
}
