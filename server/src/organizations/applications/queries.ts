import type { Executor } from '../../platform/database.ts';
import { optionallyPaged, withTotal, type Page } from '../../platform/pagination.ts';
import { containsPattern } from '../../platform/search.ts';
import { ORGANIZATION_COLUMNS } from '../queries.ts';
import { APPLICATION_PUBLIC_COLUMNS } from '../../applications/queries.ts';
import { rolesJson, sortMemberRoles } from '../role-assignments.ts';


function filtered(db: Executor, organizationId: string, search: string | undefined) {
  let query = db
    .selectFrom('organizationApplicationRelations as m')
    .innerJoin('applications as a', 'a.id', 'm.applicationId')
    .where('m.organizationId', '=', organizationId);
  if (search) {
    const pattern = containsPattern(search);
    query = query.where((eb) =>
      eb.or([eb('a.id', 'ilike', pattern), eb('a.name', 'ilike', pattern), eb('a.description', 'ilike', pattern)]),
    );
  }
  return query;
}

/** A page of an organization's applications by id, each with its roles there and the total: one statement. */
export async function listApplications(db: Executor, organizationId: string, search: string | undefined, page: Page) {
  const count = () => filtered(db, organizationId, search).select((eb) => eb.fn.countAll<number>().as('count'));
  const rows = await filtered(db, organizationId, search)
    .select(APPLICATION_PUBLIC_COLUMNS)
    .select(rolesJson(db, 'application', 'm.organizationId', 'm.applicationId').as('organizationRoles'))
    .select(count().as('total'))
    .orderBy('m.applicationId')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  sortMemberRoles(rows);
  return withTotal(rows as Array<(typeof rows)[number] & { total: number }>, page, async () => (await count().executeTakeFirstOrThrow()).count);
}

export async function applicationExists(db: Executor, applicationId: string): Promise<boolean> {
  return (await db.selectFrom('applications').select('id').where('id', '=', applicationId).executeTakeFirst()) !== undefined;
}

/** The organizations of an application, newest first, with its roles in each. */
export async function listApplicationOrganizations(db: Executor, applicationId: string, page: Page | undefined) {
  const memberships = db.selectFrom('organizationApplicationRelations as m').where('m.applicationId', '=', applicationId);
  const result = await optionallyPaged(
    memberships
      .innerJoin('organizations', 'organizations.id', 'm.organizationId')
      .select(ORGANIZATION_COLUMNS)
      .select(rolesJson(db, 'application', 'm.organizationId', 'm.applicationId').as('organizationRoles'))
      .orderBy('organizations.createdAt', 'desc')
      .orderBy('organizations.id', 'desc'),
    () => memberships.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
    page,
  );
  sortMemberRoles(result.rows);
  return result;
}
