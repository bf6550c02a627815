import { Type, type Static } from 'typebox';
import { IdList } from '../../platform/schemas.ts';

const Id = Type.String({ minLength: 1, maxLength: 256 });

export const AccessControlParams = Type.Object({ applicationId: Id });

/** Logto's app-level access-control rules (reference §2.9), as read and as replaced. */
export const AccessControlSchema = Type.Object({
  userIds: IdList({ description: 'Users who may sign in.' }),
  userRoleIds: IdList({ description: 'Global roles (of type User) whose holders may sign in.' }),
  organizationIds: IdList({ description: 'Organizations whose active members may sign in.' }),
  organizationRoleRules: Type.Array(
    Type.Object({
      organizationId: Id,
      organizationRoleIds: IdList({ description: 'Organization roles (of type User); at least one.' }),
    }),
    { maxItems: 1000, description: 'Per organization, the organization roles whose holders (active members) may sign in.' },
  ),
});
export type AccessControl = Static<typeof AccessControlSchema>;
