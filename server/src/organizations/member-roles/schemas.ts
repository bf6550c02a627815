import { Type, type Static } from 'typebox';
import { IdList } from '../../platform/schemas.ts';

export const BulkUserRolesBody = Type.Object({
  userIds: IdList({ minItems: 1 }),
  organizationRoleIds: IdList({ minItems: 1 }),
});

/** Roles by id and/or by name; both optional and possibly empty. */
export const MemberRolesBody = Type.Object({
  organizationRoleIds: Type.Optional(IdList()),
  organizationRoleNames: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 1000 }),
  ),
});
export type MemberRolesBody = Static<typeof MemberRolesBody>;

export const MemberRolesResponse = Type.Object({ organizationRoleIds: Type.Array(Type.String()) });

export const MemberRoleParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 256 }),
  userId: Type.String({ minLength: 1, maxLength: 256 }),
  organizationRoleId: Type.String({ minLength: 1, maxLength: 256 }),
});
