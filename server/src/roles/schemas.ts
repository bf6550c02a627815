import { Type, type Static } from 'typebox';
import { PaginationQuery } from '../platform/pagination.ts';
import { TENANT_ID } from '../platform/schemas.ts';
import { RoleType } from '../organization-template/schemas.ts';

export const RoleSchema = Type.Object({
  tenantId: Type.Literal(TENANT_ID),
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  type: RoleType,
  isDefault: Type.Boolean(),
});

export const RoleWithCountsSchema = Type.Object({
  ...RoleSchema.properties,
  usersCount: Type.Integer(),
  applicationsCount: Type.Integer(),
});

const Name = Type.String({ minLength: 1, maxLength: 128 });
// As in Logto, a global role's description is required (a column of 128 characters).
const Description = Type.String({ minLength: 1, maxLength: 128 });

export const CreateRoleBody = Type.Object({
  name: Name,
  description: Description,
  type: Type.Optional(RoleType),
  isDefault: Type.Optional(Type.Boolean()),
  scopeIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 1000 })),
});
export type CreateRoleBody = Static<typeof CreateRoleBody>;

export const UpdateRoleBody = Type.Object({
  name: Type.Optional(Name),
  description: Type.Optional(Description),
  type: Type.Optional(RoleType),
  isDefault: Type.Optional(Type.Boolean()),
});
export type UpdateRoleBody = Static<typeof UpdateRoleBody>;

export const ListRolesQuery = Type.Object({
  ...PaginationQuery.properties,
  search: Type.Optional(Type.String({ maxLength: 256 })),
  type: Type.Optional(RoleType),
  excludeUserId: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  excludeApplicationId: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
});
export type ListRolesQuery = Static<typeof ListRolesQuery>;
