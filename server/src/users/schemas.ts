import { Type, type Static } from 'typebox';
import { JsonObjectSchema, Nullable } from '../platform/schemas.ts';
import { PaginationQuery } from '../platform/pagination.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords.ts';

export const Username = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$' });
export const Email = Type.String({ minLength: 3, maxLength: 128, format: 'email' });
export const Phone = Type.String({ minLength: 3, maxLength: 128, pattern: '^\\+?[0-9][0-9 ()-]*$' });
export const Password = Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH });

/** The user as the Management API shows it (never the password digest). */
export const UserSchema = Type.Object(
  {
    id: Type.String(),
    username: Nullable(Type.String()),
    primaryEmail: Nullable(Type.String()),
    primaryPhone: Nullable(Type.String()),
    name: Nullable(Type.String()),
    avatar: Nullable(Type.String()),
    customData: JsonObjectSchema,
    identities: JsonObjectSchema,
    profile: JsonObjectSchema,
    applicationId: Nullable(Type.String()),
    isSuspended: Type.Boolean(),
    hasPassword: Type.Boolean(),
    lastSignInAt: Nullable(Type.Number()),
    createdAt: Type.Number(),
    updatedAt: Type.Number(),
  }
);
export type UserResponse = Static<typeof UserSchema>;

export const CreateUserBody = Type.Object({
  username: Type.Optional(Username),
  primaryEmail: Type.Optional(Email),
  primaryPhone: Type.Optional(Phone),
  name: Type.Optional(Type.String({ maxLength: 128 })),
  avatar: Type.Optional(Nullable(Type.String({ maxLength: 2048, format: 'uri' }))),
  password: Type.Optional(Password),
  customData: Type.Optional(JsonObjectSchema),
  profile: Type.Optional(JsonObjectSchema),
});
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object({
  username: Type.Optional(Nullable(Username)),
  primaryEmail: Type.Optional(Nullable(Email)),
  primaryPhone: Type.Optional(Nullable(Phone)),
  name: Type.Optional(Nullable(Type.String({ maxLength: 128 }))),
  avatar: Type.Optional(Nullable(Type.String({ maxLength: 2048, format: 'uri' }))),
  customData: Type.Optional(JsonObjectSchema),
  profile: Type.Optional(JsonObjectSchema),
});
export type UpdateUserBody = Static<typeof UpdateUserBody>;

export const ListUsersQuery = Type.Object({
  ...PaginationQuery.properties,
  search: Type.Optional(Type.String({ maxLength: 256 })),
  excludeOrganizationId: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  before: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 256,
      description:
        'Keyset paging: only the users after this one (a user id, usually the last of the previous page) in the list ' +
        'order. Costs the same at any depth; no `Total-Number`. A user deleted since answers 400 ' +
        '`guard.invalid_pagination`: continue from an earlier user of that page.',
    }),
  ),
});
export type ListUsersQuery = Static<typeof ListUsersQuery>;

export const UserIdParams = Type.Object({ userId: Type.String({ minLength: 1, maxLength: 256 }) });
