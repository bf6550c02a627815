import type { Executor } from '../platform/database.ts';
import type { ApplicationType } from '../platform/schema.ts';
import type { Page } from '../platform/pagination.ts';
import { containsPattern } from '../platform/search.ts';
import { tenantIdColumn } from '../platform/schemas.ts';

/** The columns of `ApplicationSchema`, for any query over `applications as a`; the secret never. */
export const APPLICATION_PUBLIC_COLUMNS = [
  'a.id',
  'a.name',
  'a.description',
  'a.type',
  'a.oidcClientMetadata',
  'a.customClientMetadata',
  'a.isThirdParty',
  'a.createdAt',
  tenantIdColumn,
] as const;

function selectApplications(db: Executor) {
  return db.selectFrom('applications as a').select(APPLICATION_PUBLIC_COLUMNS);
}

export function findApplicationById(db: Executor, id: string) {
  return selectApplications(db).where('a.id', '=', id).executeTakeFirst();
}

export interface ApplicationFilter {
  search?: string | undefined;
  types?: ApplicationType[] | undefined;
  excludeOrganizationId?: string | undefined;
}

function filtered(db: Executor, filter: ApplicationFilter) {
  let query = db.selectFrom('applications');
  if (filter.search) {
    const pattern = containsPattern(filter.search);
    query = query.where((eb) =>
      eb.or([eb('id', 'ilike', pattern), eb('name', 'ilike', pattern), eb('description', 'ilike', pattern)]),
    );
  }
  if (filter.types?.length) query = query.where('type', 'in', filter.types);
  if (filter.excludeOrganizationId) {
    const organizationId = filter.excludeOrganizationId;
    query = query.where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('organizationApplicationRelations as r')
            .select('r.applicationId')
            .whereRef('r.applicationId', '=', 'applications.id')
            .where('r.organizationId', '=', organizationId),
        ),
      ),
    );
  }
  return query;
}

export async function listApplications(db: Executor, filter: ApplicationFilter, page: Page) {
  const [rows, count] = await Promise.all([
    selectApplications(db)
      .where('a.id', 'in', filtered(db, filter).select('id'))
      .orderBy('a.createdAt', 'desc')
      .orderBy('a.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    filtered(db, filter).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.count };
}
