import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Executor } from '../platform/database.ts';
import { optionallyPaged, type Page } from '../platform/pagination.ts';
import { tenantIdColumn as tenantId } from '../platform/schemas.ts';
import { containsPattern } from '../platform/search.ts';

const RESOURCE_COLUMNS = [
  'resources.id',
  'resources.name',
  'resources.indicator',
  'resources.isDefault',
  'resources.accessTokenTtl',
  'resources.createdAt',
] as const;
const SCOPE_COLUMNS = ['id', 'resourceId', 'name', 'description', 'createdAt'] as const;

export function findResourceById(db: Executor, id: string) {
  return db.selectFrom('resources').select(RESOURCE_COLUMNS).select(tenantId).where('id', '=', id).executeTakeFirst();
}

/** Oldest first (the Management API comes first); with `includeScopes`, each one's scopes by name. */
export async function listResources(db: Executor, page: Page | undefined, includeScopes: boolean) {
  let query = db
    .selectFrom('resources')
    .select(RESOURCE_COLUMNS)
    .select(tenantId)
    .$if(includeScopes, (q) =>
      q.select((eb) =>
        jsonArrayFrom(
          eb
            .selectFrom('scopes')
            .select(['id', 'resourceId', 'name', 'description'])
            // Inside JSON a timestamptz would stay an ISO string; the API speaks epoch milliseconds.
            .select(sql<number>`floor(extract(epoch from scopes.created_at) * 1000)::int8`.as('createdAt'))
            .select(tenantId)
            .whereRef('scopes.resourceId', '=', 'resources.id')
            .orderBy('scopes.name'),
        ).as('scopes'),
      ),
    )
    .orderBy('resources.createdAt')
    .orderBy('resources.id');
  if (page) query = query.limit(page.limit).offset(page.offset);
  const [rows, count] = await Promise.all([
    query.execute(),
    page ? db.selectFrom('resources').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow() : undefined,
  ]);
  return { rows, total: count?.count ?? rows.length };
}

export interface ResourceValues {
  name?: string | undefined;
  indicator?: string | undefined;
  accessTokenTtl?: number | undefined;
  isDefault?: boolean | undefined;
}

export async function insertResource(db: Executor, resource: ResourceValues & { id: string; name: string; indicator: string }) {
  await db.insertInto('resources').values(resource).execute();
}

export async function updateResource(db: Executor, id: string, values: ResourceValues): Promise<boolean> {
  if (Object.values(values).every((value) => value === undefined)) return Boolean(await findResourceById(db, id));
  const result = await db.updateTable('resources').set(values).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** At most one resource is the default (a partial unique index); clear it before setting another. */
export async function clearDefaultResource(db: Executor, exceptId: string) {
  await db.updateTable('resources').set({ isDefault: false }).where('isDefault', '=', true).where('id', '<>', exceptId).execute();
}

export async function deleteResource(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('resources').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

// Scopes of a resource ------------------------------------------------------------------------

export function findScope(db: Executor, resourceId: string, scopeId: string) {
  return db
    .selectFrom('scopes')
    .select(SCOPE_COLUMNS)
    .select(tenantId)
    .where('resourceId', '=', resourceId)
    .where('id', '=', scopeId)
    .executeTakeFirst();
}

function filteredScopes(db: Executor, resourceId: string, search: string | undefined) {
  const query = db.selectFrom('scopes').where('resourceId', '=', resourceId);
  if (!search) return query;
  const pattern = containsPattern(search);
  return query.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('description', 'ilike', pattern)]));
}

/** By name; `search` matches name and description. */
export async function listScopes(db: Executor, resourceId: string, search: string | undefined, page: Page | undefined) {
  const rows = filteredScopes(db, resourceId, search).select(SCOPE_COLUMNS).select(tenantId).orderBy('name').orderBy('id');
  return optionallyPaged(rows, () => filteredScopes(db, resourceId, search).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(), page);
}

export async function insertScope(
  db: Executor,
  scope: { id: string; resourceId: string; name: string; description: string | null },
) {
  await db.insertInto('scopes').values(scope).execute();
}

export async function updateScope(
  db: Executor,
  resourceId: string,
  scopeId: string,
  values: { name?: string | undefined; description?: string | null | undefined },
): Promise<boolean> {
  if (values.name === undefined && values.description === undefined) return Boolean(await findScope(db, resourceId, scopeId));
  const result = await db
    .updateTable('scopes')
    .set(values)
    .where('resourceId', '=', resourceId)
    .where('id', '=', scopeId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteScope(db: Executor, resourceId: string, scopeId: string): Promise<boolean> {
  const result = await db.deleteFrom('scopes').where('resourceId', '=', resourceId).where('id', '=', scopeId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
