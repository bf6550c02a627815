import { Type, type Static } from 'typebox';
import { PaginationQuery } from '../../platform/pagination.ts';
import { IdList } from '../../platform/schemas.ts';
import { UserSchema } from '../../users/schemas.ts';
import { MembershipStatusSchema, OrganizationWithRolesSchema, RoleRefSchema } from '../schemas.ts';

/** Guildhall's membership fields (not in Logto): `status` and `joinedAt`. */
export const MembershipInfoSchema = Type.Object({
  status: MembershipStatusSchema,
  joinedAt: Type.Number(),
});

/** A member in an organization's member list: the user, their roles there, and the membership. */
export const MemberSchema = Type.Object({
  ...UserSchema.properties,
  organizationRoles: Type.Array(RoleRefSchema),
  membership: MembershipInfoSchema,
});

/** The membership resource: `GET|PATCH /organizations/:id/users/:userId`. */
export const MembershipSchema = Type.Object({
  organizationId: Type.String(),
  userId: Type.String(),
  status: MembershipStatusSchema,
  joinedAt: Type.Number(),
  organizationRoles: Type.Array(RoleRefSchema),
});

export const UpdateMembershipBody = Type.Object({ status: MembershipStatusSchema });
export type UpdateMembershipBody = Static<typeof UpdateMembershipBody>;

export const ListMembersQuery = Type.Object({
  ...PaginationQuery.properties,
  q: Type.Optional(Type.String({ maxLength: 256 })),
  organizationRoleId: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  status: Type.Optional(MembershipStatusSchema),
});
export type ListMembersQuery = Static<typeof ListMembersQuery>;

export const AddMembersBody = Type.Object({ userIds: IdList({ minItems: 1 }) });
export const ReplaceMembersBody = Type.Object({ userIds: IdList() });

export const MemberParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 256 }),
  userId: Type.String({ minLength: 1, maxLength: 256 }),
});

/** An organization in a user's list: the organization, the user's roles and membership there. */
export const UserOrganizationSchema = Type.Object({
  ...OrganizationWithRolesSchema.properties,
  membership: MembershipInfoSchema,
});
