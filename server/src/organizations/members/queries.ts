import { sql } from 'kysely';
import type { Executor } from '../../platform/database.ts';
import { optionallyPaged, withTotal, type Page } from '../../platform/pagination.ts';
import { queryTemplate } from '../../platform/query-template.ts';
import type { MembershipStatus } from '../../platform/schema.ts';
import { containsPattern } from '../../platform/search.ts';
import { USER_PUBLIC_COLUMNS } from '../../users/queries.ts';
import { ORGANIZATION_COLUMNS } from '../queries.ts';
import { nameRoles, roleIdsOf, roleNamesOf, rolesJson, sortMemberRoles } from '../role-assignments.ts';


export interface MemberFilter {
  search?: string | undefined;
  organizationRoleId?: string | undefined;
  status?: MembershipStatus | undefined;
}

/** The filters as the queries take them: the search already turned into its ILIKE pattern. */
interface MemberConditions {
  organizationId: string;
  pattern: string | undefined;
  organizationRoleId: string | undefined;
  status: MembershipStatus | undefined;
}

/** Memberships of the organization with the membership filters (status, role): no users join. */
function memberships(db: Executor, where: MemberConditions) {
  let query = db.selectFrom('organizationUserRelations as m').where('m.organizationId', '=', where.organizationId);
  if (where.status) query = query.where('m.status', '=', where.status);
  if (where.organizationRoleId) {
    const roleId = where.organizationRoleId;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('organizationRoleUserRelations as rr')
          .select('rr.userId')
          .whereRef('rr.organizationId', '=', 'm.organizationId')
          .whereRef('rr.userId', '=', 'm.userId')
          .where('rr.organizationRoleId', '=', roleId),
      ),
    );
  }
  return query;
}

function filtered(db: Executor, where: MemberConditions) {
  let query = memberships(db, where).innerJoin('users as u', 'u.id', 'm.userId');
  if (where.pattern) {
    const pattern = where.pattern;
    query = query.where((eb) =>
      eb.or([
        eb('u.id', 'ilike', pattern),
        eb('u.primaryEmail', 'ilike', pattern),
        eb('u.primaryPhone', 'ilike', pattern),
        eb('u.username', 'ilike', pattern),
        eb('u.name', 'ilike', pattern),
      ]),
    );
  }
  return query;
}

// Without a search the count needs no users join: the foreign key guarantees every member exists.
const countMembers = (db: Executor, where: MemberConditions) =>
  (where.pattern ? filtered(db, where) : memberships(db, where)).select((eb) => eb.fn.countAll<number>().as('count'));

/**
 * One page of members with their role ids, membership and the total, and the page's role names
 * once (`roleNamesOf`); compiled once per filter combination. The page is a materialized common
 * table so that the names are looked up for its members only.
 */
const memberPage = queryTemplate((db, where: MemberConditions & { limit: number; offset: number }) =>
  db
    .with(
      (cte) => cte('page').materialized(),
      () =>
        filtered(db, where)
          .select(['m.userId', 'm.status', 'm.joinedAt', roleIdsOf(db, 'user', 'm.organizationId', 'm.userId').as('roleIds')])
          .orderBy('m.userId')
          .limit(where.limit)
          .offset(where.offset),
    )
    .selectFrom('page')
    .innerJoin('users as u', 'u.id', 'page.userId')
    .select(USER_PUBLIC_COLUMNS)
    .select([
      'page.status as membershipStatus',
      'page.joinedAt as membershipJoinedAt',
      'page.roleIds',
      roleNamesOf('page', 'roleIds').as('roleNames'),
      countMembers(db, where).as('total'),
    ])
    .orderBy('page.userId'),
);

/**
 * A page of members ordered by user id (as Logto), each with their roles, membership and the
 * total: one statement per page, whatever its size.
 */
export async function listMembers(db: Executor, organizationId: string, filter: MemberFilter, page: Page) {
  const where: MemberConditions = {
    organizationId,
    pattern: filter.search ? containsPattern(filter.search) : undefined,
    organizationRoleId: filter.organizationRoleId || undefined,
    status: filter.status,
  };
  const rows = await memberPage(db, { ...where, limit: page.limit, offset: page.offset });
  const { total } = await withTotal(rows, page, async () => (await countMembers(db, where).executeTakeFirstOrThrow()).count);
  // Reshaped in place: the route's response schema leaves out the flat membership columns, the
  // role columns and the total. (A plain property store: Object.assign here took ~35 µs per page
  // in the profile.)
  const members = nameRoles(rows as Array<(typeof rows)[number] & { membership: { status: MembershipStatus; joinedAt: number } }>);
  for (const row of members) row.membership = { status: row.membershipStatus, joinedAt: row.membershipJoinedAt };
  return { total, rows: members };
}

export async function findMembership(db: Executor, organizationId: string, userId: string) {
  const row = await db
    .selectFrom('organizationUserRelations as m')
    .select(['m.organizationId', 'm.userId', 'm.status', 'm.joinedAt'])
    .select(rolesJson(db, 'user', 'm.organizationId', 'm.userId').as('organizationRoles'))
    .where('m.organizationId', '=', organizationId)
    .where('m.userId', '=', userId)
    .executeTakeFirst();
  return row && sortMemberRoles([row])[0];
}

export async function updateMembershipStatus(db: Executor, organizationId: string, userId: string, status: MembershipStatus) {
  const result = await db
    .updateTable('organizationUserRelations')
    .set({ status })
    .where('organizationId', '=', organizationId)
    .where('userId', '=', userId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function userExists(db: Executor, userId: string): Promise<boolean> {
  return (await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst()) !== undefined;
}

/** The organizations of a user, newest first as in the organization list, with roles and membership. */
export async function listUserOrganizations(db: Executor, userId: string, page: Page | undefined) {
  const memberships = db.selectFrom('organizationUserRelations as m').where('m.userId', '=', userId);
  const result = await optionallyPaged(
    memberships
      .innerJoin('organizations', 'organizations.id', 'm.organizationId')
      .select(ORGANIZATION_COLUMNS)
      .select([
        'm.status as membershipStatus',
        'm.joinedAt as membershipJoinedAt',
        rolesJson(db, 'user', 'm.organizationId', 'm.userId').as('organizationRoles'),
      ])
      .orderBy('organizations.createdAt', 'desc')
      .orderBy('organizations.id', 'desc'),
    () => memberships.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
    page,
  );
  sortMemberRoles(result.rows);
  return result;
}
