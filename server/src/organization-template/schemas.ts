import { Type, type Static } from 'typebox';
import { PaginationQuery } from '../platform/pagination.ts';
import { Nullable, TENANT_ID } from '../platform/schemas.ts';

/** The enum shared by organization roles and global roles (reference §2.10). */
export const RoleType = Type.Union([Type.Literal('User'), Type.Literal('MachineToMachine')]);

// Limits follow the column sizes in migrations/0001-core.sql (reference §2.0).
const Name = Type.String({ minLength: 1, maxLength: 128 });
const Description = Nullable(Type.String({ maxLength: 256 }));
const Id = Type.String({ minLength: 1, maxLength: 256 });

export const OrganizationScopeSchema = Type.Object({
  tenantId: Type.Literal(TENANT_ID),
  id: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
});

export const CreateOrganizationScopeBody = Type.Object({ name: Name, description: Type.Optional(Description) });
export type CreateOrganizationScopeBody = Static<typeof CreateOrganizationScopeBody>;

export const UpdateOrganizationScopeBody = Type.Object({
  name: Type.Optional(Name),
  description: Type.Optional(Description),
});
export type UpdateOrganizationScopeBody = Static<typeof UpdateOrganizationScopeBody>;

export const ListOrganizationScopesQuery = Type.Object({
  ...PaginationQuery.properties,
  q: Type.Optional(Type.String({ maxLength: 256 })),
});
export type ListOrganizationScopesQuery = Static<typeof ListOrganizationScopesQuery>;

export const OrganizationRoleSchema = Type.Object({
  tenantId: Type.Literal(TENANT_ID),
  id: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  type: RoleType,
});

/** An API-resource scope as organization roles show it in their list. */
const ResourceScopeSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  resource: Type.Object({ id: Type.String(), name: Type.String() }),
});

export const OrganizationRoleWithScopesSchema = Type.Object({
  ...OrganizationRoleSchema.properties,
  scopes: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  resourceScopes: Type.Array(ResourceScopeSummary),
});

export const CreateOrganizationRoleBody = Type.Object({
  name: Name,
  description: Type.Optional(Description),
  type: Type.Optional(RoleType),
  organizationScopeIds: Type.Optional(Type.Array(Id, { maxItems: 1000 })),
  resourceScopeIds: Type.Optional(Type.Array(Id, { maxItems: 1000 })),
});
export type CreateOrganizationRoleBody = Static<typeof CreateOrganizationRoleBody>;

export const UpdateOrganizationRoleBody = Type.Object({
  name: Type.Optional(Name),
  description: Type.Optional(Description),
  type: Type.Optional(RoleType),
});
export type UpdateOrganizationRoleBody = Static<typeof UpdateOrganizationRoleBody>;

export const ListOrganizationRolesQuery = ListOrganizationScopesQuery;
export type ListOrganizationRolesQuery = Static<typeof ListOrganizationRolesQuery>;
