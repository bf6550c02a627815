import { Type, type Static } from 'typebox';
import { PaginationQuery } from '../platform/pagination.ts';
import { Nullable, TENANT_ID } from '../platform/schemas.ts';

/** A global API scope (a permission of an API resource), as Logto's `Scope`. */
export const ResourceScopeSchema = Type.Object({
  tenantId: Type.Literal(TENANT_ID),
  id: Type.String(),
  resourceId: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  createdAt: Type.Number(),
});
export type ResourceScope = Static<typeof ResourceScopeSchema>;

export const ResourceSchema = Type.Object({
  tenantId: Type.Literal(TENANT_ID),
  id: Type.String(),
  name: Type.String(),
  indicator: Type.String(),
  isDefault: Type.Boolean(),
  accessTokenTtl: Type.Integer(),
  createdAt: Type.Number(),
});

export const ResourceWithScopesSchema = Type.Object({
  ...ResourceSchema.properties,
  scopes: Type.Array(ResourceScopeSchema),
});

const Name = Type.String({ minLength: 1, maxLength: 128 });
// RFC 8707 §2: a resource indicator MUST be an absolute URI and MUST NOT include a fragment.
const Indicator = Type.String({ minLength: 1, maxLength: 256, format: 'uri', pattern: '^[^#]*$' });
const AccessTokenTtl = Type.Integer({ minimum: 1, maximum: 86_400 });

export const CreateResourceBody = Type.Object({
  name: Name,
  indicator: Indicator,
  accessTokenTtl: Type.Optional(AccessTokenTtl),
  isDefault: Type.Optional(Type.Boolean()),
});
export type CreateResourceBody = Static<typeof CreateResourceBody>;

export const UpdateResourceBody = Type.Object({
  name: Type.Optional(Name),
  indicator: Type.Optional(Indicator),
  accessTokenTtl: Type.Optional(AccessTokenTtl),
  isDefault: Type.Optional(Type.Boolean()),
});
export type UpdateResourceBody = Static<typeof UpdateResourceBody>;

export const ListResourcesQuery = Type.Object({
  ...PaginationQuery.properties,
  /** Truthy values as Logto reads them: `1`, `true`, `yes`. */
  includeScopes: Type.Optional(Type.String({ maxLength: 8 })),
});
export type ListResourcesQuery = Static<typeof ListResourcesQuery>;

const ScopeName = Type.String({ minLength: 1, maxLength: 256, pattern: '^\\S+$' });
const ScopeDescription = Nullable(Type.String({ maxLength: 1024 }));

export const CreateResourceScopeBody = Type.Object({ name: ScopeName, description: Type.Optional(ScopeDescription) });
export type CreateResourceScopeBody = Static<typeof CreateResourceScopeBody>;

export const UpdateResourceScopeBody = Type.Object({
  name: Type.Optional(ScopeName),
  description: Type.Optional(ScopeDescription),
});
export type UpdateResourceScopeBody = Static<typeof UpdateResourceScopeBody>;

export const ListResourceScopesQuery = Type.Object({
  ...PaginationQuery.properties,
  q: Type.Optional(Type.String({ maxLength: 256 })),
});
export type ListResourceScopesQuery = Static<typeof ListResourceScopesQuery>;

export const ResourceIdParams = Type.Object({ resourceId: Type.String({ minLength: 1, maxLength: 256 }) });
export const ResourceScopeParams = Type.Object({
  resourceId: Type.String({ minLength: 1, maxLength: 256 }),
  scopeId: Type.String({ minLength: 1, maxLength: 256 }),
});
