import type { Executor } from '../platform/database.ts';
import { optionallyPaged, type Page } from '../platform/pagination.ts';
import { tenantIdColumn as tenantId } from '../platform/schemas.ts';
import { containsPattern } from '../platform/search.ts';

function selectScopes(db: Executor) {
  return db.selectFrom('organizationScopes').select(['id', 'name', 'description']).select(tenantId);
}

export function findOrganizationScopeById(db: Executor, id: string) {
  return selectScopes(db).where('id', '=', id).executeTakeFirst();
}

function filtered(db: Executor, search: string | undefined) {
  const query = db.selectFrom('organizationScopes');
  return search ? query.where('name', 'ilike', containsPattern(search)) : query;
}

/** Ordered by name (reference §2.7); `search` matches the name. The whole list without a page. */
export async function listOrganizationScopes(db: Executor, search: string | undefined, page: Page | undefined) {
  const rows = filtered(db, search).select(['id', 'name', 'description']).select(tenantId).orderBy('name').orderBy('id');
  return optionallyPaged(rows, () => filtered(db, search).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(), page);
}

export async function insertOrganizationScope(db: Executor, scope: { id: string; name: string; description: string | null }) {
  await db.insertInto('organizationScopes').values(scope).execute();
}

export async function updateOrganizationScope(
  db: Executor,
  id: string,
  update: { name?: string | undefined; description?: string | null | undefined },
): Promise<boolean> {
  if (update.name === undefined && update.description === undefined) {
    return Boolean(await db.selectFrom('organizationScopes').select('id').where('id', '=', id).executeTakeFirst());
  }
  const result = await db.updateTable('organizationScopes').set(update).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteOrganizationScope(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('organizationScopes').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
