import { sql } from 'kysely';
import type { Executor } from '../../platform/database.ts';
import { optionallyPaged, withTotal, type Page } from '../../platform/pagination.ts';
import { containsPattern } from '../../platform/search.ts';
import { ORGANIZATION_COLUMNS } from '../queries.ts';
import { APPLICATION_PUBLIC_COLUMNS } from '../../applications/queries.ts';
import { ROLE_COLUMNS, applicationRolesJson, idValues } from '../role-refs.ts';


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
    .select(applicationRolesJson(db, 'm.organizationId', 'm.applicationId').as('organizationRoles'))
    .select(count().as('total'))
    .orderBy('m.applicationId')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return withTotal(rows as Array<(typeof rows)[number] & { total: number }>, page, async () => (await count().executeTakeFirstOrThrow()).count);
}

export function findApplicationMembership(db: Executor, organizationId: string, applicationId: string, lock = false) {
  const query = db
    .selectFrom('organizationApplicationRelations')
    .select('applicationId')
    .where('organizationId', '=', organizationId)
    .where('applicationId', '=', applicationId);
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

/** Every role to every application; a non-member fails the foreign key, a User role the type check. */
export async function insertApplicationRoles(db: Executor, organizationId: string, ids: string[], roleIds: string[]) {
  if (ids.length === 0 || roleIds.length === 0) return;
  await sql`
    insert into organization_role_application_relations (organization_id, application_id, organization_role_id)
    select ${organizationId}, a.id, r.id from ${idValues(ids)} as a (id) cross join ${idValues(roleIds)} as r (id)
    on conflict do nothing`.execute(db);
}

export async function deleteApplicationRoles(db: Executor, organizationId: string, applicationId: string, roleId?: string) {
  let query = db
    .deleteFrom('organizationRoleApplicationRelations')
    .where('organizationId', '=', organizationId)
    .where('applicationId', '=', applicationId);
  if (roleId !== undefined) query = query.where('organizationRoleId', '=', roleId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listApplicationRoles(db: Executor, organizationId: string, applicationId: string, page: Page | undefined) {
  const base = db
    .selectFrom('organizationRoleApplicationRelations as rr')
    .innerJoin('organizationRoles as r', 'r.id', 'rr.organizationRoleId')
    .where('rr.organizationId', '=', organizationId)
    .where('rr.applicationId', '=', applicationId);
  return optionallyPaged(
    base.select(ROLE_COLUMNS).orderBy('r.name').orderBy('r.id'),
    () => base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
    page,
  );
}

export async function applicationExists(db: Executor, applicationId: string): Promise<boolean> {
  return (await db.selectFrom('applications').select('id').where('id', '=', applicationId).executeTakeFirst()) !== undefined;
}

/** The organizations of an application, newest first, with its roles in each. */
export async function listApplicationOrganizations(db: Executor, applicationId: string, page: Page | undefined) {
  let query = db
    .selectFrom('organizationApplicationRelations as m')
    .innerJoin('organizations', 'organizations.id', 'm.organizationId')
    .where('m.applicationId', '=', applicationId)
    .select(ORGANIZATION_COLUMNS)
    .select(applicationRolesJson(db, 'm.organizationId', 'm.applicationId').as('organizationRoles'))
    .orderBy('organizations.createdAt', 'desc')
    .orderBy('organizations.id', 'desc');
  if (page) query = query.limit(page.limit).offset(page.offset);
  const [rows, count] = await Promise.all([
    query.execute(),
    page
      ? db
          .selectFrom('organizationApplicationRelations')
          .where('applicationId', '=', applicationId)
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .executeTakeFirstOrThrow()
      : undefined,
  ]);
  return { rows, total: count?.count ?? rows.length };
}
