import { Type, type Static } from 'typebox';
import { IdList, Nullable } from '../../platform/schemas.ts';
import { OrganizationSchema } from '../schemas.ts';

const Id = Type.String({ minLength: 1, maxLength: 256 });

export const ConsentParams = Type.Object({ id: Id, userId: Id });
export const ConsentOrganizationParams = Type.Object({ id: Id, userId: Id, organizationId: Id });

export const ConsentOrganizationsSchema = Type.Object({ organizations: Type.Array(OrganizationSchema) });
export const AddConsentOrganizationsBody = Type.Object({ organizationIds: IdList({ minItems: 1 }) });
export const ReplaceConsentOrganizationsBody = Type.Object({ organizationIds: IdList() });

/**
 * Logto's user scope values (reference §2.9). Guildhall releases claims for `profile`, `email`,
 * `phone` and the two organization scopes; the others are accepted and kept, and grant nothing yet.
 */
export const USER_SCOPES = [
  'profile',
  'email',
  'phone',
  'address',
  'custom_data',
  'identities',
  'roles',
  'urn:logto:scope:organizations',
  'urn:logto:scope:organization_roles',
  'urn:logto:scope:sessions',
] as const;
export type UserScope = (typeof USER_SCOPES)[number];
const UserScopeSchema = Type.Unsafe<UserScope>({ type: 'string', enum: [...USER_SCOPES] });

export const CONSENT_SCOPE_TYPES = ['organization-scopes', 'resource-scopes', 'organization-resource-scopes', 'user-scopes'] as const;
export type ConsentScopeType = (typeof CONSENT_SCOPE_TYPES)[number];

const ScopeRefSchema = Type.Object({ id: Type.String(), name: Type.String(), description: Nullable(Type.String()) });
const ResourceScopeGroupSchema = Type.Object({
  resource: Type.Object({ id: Type.String(), name: Type.String(), indicator: Type.String() }),
  scopes: Type.Array(ScopeRefSchema),
});

export const ConsentScopesParams = Type.Object({ applicationId: Id });
export const ConsentScopeParams = Type.Object({
  applicationId: Id,
  scopeType: Type.Unsafe<ConsentScopeType>({ type: 'string', enum: [...CONSENT_SCOPE_TYPES] }),
  scopeId: Id,
});

export const UserConsentScopesSchema = Type.Object({
  organizationScopes: Type.Array(ScopeRefSchema, { description: 'Organization permissions the application may ask for.' }),
  resourceScopes: Type.Array(ResourceScopeGroupSchema, {
    description: 'API permissions the application may ask for in tokens without an organization, by API resource.',
  }),
  organizationResourceScopes: Type.Array(ResourceScopeGroupSchema, {
    description: 'API permissions the application may ask for in tokens of an organization (`organization_id`), by API resource.',
  }),
  userScopes: Type.Array(UserScopeSchema, { description: 'User scopes (profile, email, the organization scopes…) the application may ask for.' }),
});
export type UserConsentScopes = Static<typeof UserConsentScopesSchema>;

export const AssignUserConsentScopesBody = Type.Object({
  organizationScopes: Type.Optional(IdList()),
  resourceScopes: Type.Optional(IdList()),
  organizationResourceScopes: Type.Optional(IdList()),
  userScopes: Type.Optional(Type.Array(UserScopeSchema, { maxItems: USER_SCOPES.length * 2 })),
});
export type AssignUserConsentScopesBody = Static<typeof AssignUserConsentScopesBody>;
