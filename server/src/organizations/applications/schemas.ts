import { Type } from 'typebox';
import { ApplicationSchema } from '../../applications/schemas.ts';
import { PaginationQuery } from '../../platform/pagination.ts';
import { IdList } from '../../platform/schemas.ts';
import { RoleRefSchema } from '../schemas.ts';

/** An application of an organization, with its roles there (the secret is never shown). */
export const OrganizationApplicationSchema = Type.Object({
  ...ApplicationSchema.properties,
  organizationRoles: Type.Array(RoleRefSchema),
});

export const ListOrganizationApplicationsQuery = Type.Object({
  ...PaginationQuery.properties,
  q: Type.Optional(Type.String({ maxLength: 256 })),
});

export const AddApplicationsBody = Type.Object({ applicationIds: IdList({ minItems: 1 }) });
export const ReplaceApplicationsBody = Type.Object({ applicationIds: IdList() });
export const BulkApplicationRolesBody = Type.Object({
  applicationIds: IdList({ minItems: 1 }),
  organizationRoleIds: IdList({ minItems: 1 }),
});
/** Non-empty for both POST and PUT, as Logto (a PUT cannot clear; DELETE each role instead). */
export const ApplicationRolesBody = Type.Object({ organizationRoleIds: IdList({ minItems: 1 }) });

export const OrganizationApplicationParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 256 }),
  applicationId: Type.String({ minLength: 1, maxLength: 256 }),
});
export const OrganizationApplicationRoleParams = Type.Object({
  ...OrganizationApplicationParams.properties,
  organizationRoleId: Type.String({ minLength: 1, maxLength: 256 }),
});
