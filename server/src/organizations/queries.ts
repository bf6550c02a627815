import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Executor } from '../platform/database.ts';
import { keysetCursorGone, withTotal, type Page } from '../platform/pagination.ts';
import { queryTemplate } from '../platform/query-template.ts';
import type { Insertable, Updateable } from 'kysely';
import type { OrganizationsTable } from '../platform/schema.ts';
import { containsPattern } from '../platform/search.ts';

export const ORGANIZATION_COLUMNS = [
  'organizations.id',
  'organizations.name',
  'organizations.description',
  'organizations.isMfaRequired',
  'organizations.customCss',
  'organizations.createdAt',
  'organizations.customData',
  'organizations.color',
  'organizations.branding',
] as const;

export function findOrganizationById(db: Executor, id: string) {
  return db.selectFrom('organizations').select(ORGANIZATION_COLUMNS).where('id', '=', id).executeTakeFirst();
}
export type OrganizationRow = NonNullable<Awaited<ReturnType<typeof findOrganizationById>>>;

/**
 * Locks the organization row until the transaction ends (FOR UPDATE to replace what hangs off it,
 * FOR KEY SHARE to add to it); false when it does not exist.
 */
export async function lockOrganization(db: Executor, id: string, mode: 'update' | 'share' = 'update'): Promise<boolean> {
  const query = db.selectFrom('organizations').select('id').where('id', '=', id);
  return (await (mode === 'update' ? query.forUpdate() : query.forKeyShare()).executeTakeFirst()) !== undefined;
}

/** `pattern` is an ILIKE pattern (platform/search.ts), matched against the id and the name. */
function filtered(db: Executor, pattern: string | undefined) {
  let query = db.selectFrom('organizations');
  if (pattern) query = query.where((eb) => eb.or([eb('organizations.id', 'ilike', pattern), eb('organizations.name', 'ilike', pattern)]));
  return query;
}

// Unfiltered, the total is the trigger-kept count (migration 0006), not a count(*) of every row.
const countOrganizations = (db: Executor, pattern: string | undefined) =>
  pattern
    ? filtered(db, pattern).select((eb) => eb.fn.countAll<number>().as('count'))
    : db.selectFrom('entityCounts').select('count').where('name', '=', 'organizations');

const organizationPage = queryTemplate((db, args: { pattern: string | undefined; featured: boolean; before: string | undefined; limit: number; offset: number }) => {
  const page = filtered(db, args.pattern)
    .select(ORGANIZATION_COLUMNS)
    .$if(args.before === undefined, (query) => query.select(countOrganizations(db, args.pattern).as('total')))
    .$if(args.before !== undefined, (query) =>
      // The index organizations__created_at serves the row comparison; an unknown id matches nothing.
      query.where(
        sql<boolean>`(organizations.created_at, organizations.id) < (select b.created_at, b.id from organizations b where b.id = ${args.before})`,
      ),
    )
    .orderBy('organizations.createdAt', 'desc')
    .orderBy('organizations.id', 'desc')
    .limit(args.limit)
    .offset(args.offset);
  if (!args.featured) return page;
  return page.select((eb) => [
    eb
      .selectFrom('organizationUserRelations as m')
      .whereRef('m.organizationId', '=', 'organizations.id')
      .select(eb.fn.countAll<number>().as('count'))
      .as('usersCount'),
    jsonArrayFrom(
      eb
        .selectFrom('organizationUserRelations as m')
        .innerJoin('users as u', 'u.id', 'm.userId')
        .whereRef('m.organizationId', '=', 'organizations.id')
        .select(['u.id', 'u.avatar', 'u.name'])
        .orderBy('m.userId')
        .limit(3),
    ).as('featuredUsers'),
  ]);
});

/**
 * A page of organizations, newest first (`created_at desc, id desc`: stable, and served by the
 * organizations__created_at index). With `featured`, each row also carries its member count and
 * up to three members, computed by correlated subqueries inside the same statement: one round
 * trip for the page whatever its size.
 */
export async function listOrganizations(
  db: Executor,
  filter: { search?: string | undefined; featured: boolean; before?: string | undefined },
  page: Page,
): Promise<{ rows: OrganizationListRow[]; total: number | undefined }> {
  const pattern = filter.search ? containsPattern(filter.search) : undefined;
  const rows = (await organizationPage(db, { pattern, featured: filter.featured, before: filter.before, limit: page.limit, offset: page.offset })) as Array<
    OrganizationListRow & { total: number }
  >;
  if (filter.before === undefined) return withTotal(rows, page, async () => (await countOrganizations(db, pattern).executeTakeFirstOrThrow()).count);
  if (rows.length === 0 && !(await findOrganizationById(db, filter.before))) throw keysetCursorGone('organization', filter.before);
  return { rows, total: undefined };
}

type OrganizationListRow = OrganizationRow & {
  usersCount?: number;
  featuredUsers?: Array<{ id: string; avatar: string | null; name: string | null }>;
};

export async function insertOrganization(db: Executor, organization: Insertable<OrganizationsTable>) {
  await db.insertInto('organizations').values(organization).execute();
}

export async function updateOrganization(db: Executor, id: string, update: Updateable<OrganizationsTable>): Promise<boolean> {
  if (Object.keys(update).length === 0) {
    return (await findOrganizationById(db, id)) !== undefined;
  }
  const result = await db.updateTable('organizations').set(update).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteOrganization(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('organizations').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
