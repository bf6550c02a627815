import type { JWTPayload } from 'jose';
import { OrganizationTokenError } from './errors.ts';

/**
 * Prefix of a pure organization token's audience, `urn:logto:organization:<organizationId>`.
 *
 * @example
 * ```ts
 * const audience = `${organizationAudiencePrefix}${organizationId}`;
 * ```
 */
export const organizationAudiencePrefix = 'urn:logto:organization:';

/**
 * Returns the organization a verified token is scoped to. Two shapes are accepted:
 * - a pure organization token, `aud = urn:logto:organization:<id>`;
 * - an organization-scoped API token, `aud = <API indicator>` plus the `organization_id` claim.
 */
export function organizationOf(claims: JWTPayload, apiIndicators: ReadonlySet<string>): string {
  const { aud } = claims;
  let fromUrn: string | undefined;
  let forThisApi = false;
  if (typeof aud === 'string') {
    if (aud.startsWith(organizationAudiencePrefix)) fromUrn = aud.slice(organizationAudiencePrefix.length);
    else forThisApi = apiIndicators.has(aud);
  } else if (Array.isArray(aud)) {
    for (const value of aud) {
      if (typeof value !== 'string') continue;
      if (value.startsWith(organizationAudiencePrefix)) {
        const id = value.slice(organizationAudiencePrefix.length);
        if (fromUrn !== undefined && fromUrn !== id) {
          throw new OrganizationTokenError('invalid_audience', { detail: 'more than one organization' });
        }
        fromUrn = id;
      } else if (apiIndicators.has(value)) forThisApi = true;
    }
  }

  const claimed = claims['organization_id'];
  if (claimed !== undefined && (typeof claimed !== 'string' || claimed === '')) {
    throw new OrganizationTokenError('invalid_claims', { detail: 'organization_id must be a non-empty string' });
  }
  if (fromUrn !== undefined) {
    if (fromUrn === '') throw new OrganizationTokenError('invalid_audience', { detail: 'empty organization id' });
    if (claimed !== undefined && claimed !== fromUrn) {
      throw new OrganizationTokenError('invalid_claims', { detail: 'organization_id contradicts the audience' });
    }
    return fromUrn;
  }
  if (!forThisApi) throw new OrganizationTokenError('invalid_audience');
  // A token for this API but without organization context is valid, just not privileged enough.
  if (claimed === undefined) throw new OrganizationTokenError('missing_organization');
  return claimed;
}
