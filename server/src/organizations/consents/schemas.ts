import { Type } from 'typebox';
import { IdList } from '../../platform/schemas.ts';
import { OrganizationSchema } from '../schemas.ts';

const Id = Type.String({ minLength: 1, maxLength: 256 });

export const ConsentParams = Type.Object({ id: Id, userId: Id });
export const ConsentOrganizationParams = Type.Object({ id: Id, userId: Id, organizationId: Id });

export const ConsentOrganizationsSchema = Type.Object({ organizations: Type.Array(OrganizationSchema) });
export const AddConsentOrganizationsBody = Type.Object({ organizationIds: IdList({ minItems: 1 }) });
export const ReplaceConsentOrganizationsBody = Type.Object({ organizationIds: IdList() });
