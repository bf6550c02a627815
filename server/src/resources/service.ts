import type { Db, Executor } from '../platform/database.ts';
import { ApiError } from '../platform/errors.ts';
import { nanoid } from '../platform/ids.ts';
import type { Page } from '../platform/pagination.ts';
import {
  MANAGEMENT_API_AREA_SCOPES,
  MANAGEMENT_API_READ_SCOPE_ID,
  MANAGEMENT_API_RESOURCE_ID,
  MANAGEMENT_API_SCOPE_ID,
} from '../management-api/constants.ts';

/** The Management API's own scopes: their names are what its bearer-token check looks for. */
const PROTECTED_SCOPES = new Set<string>([MANAGEMENT_API_SCOPE_ID, MANAGEMENT_API_READ_SCOPE_ID, ...MANAGEMENT_API_AREA_SCOPES.map((scope) => scope.id)]);
import * as queries from './queries.ts';
import type { CreateResourceBody, CreateResourceScopeBody, UpdateResourceBody, UpdateResourceScopeBody } from './schemas.ts';

const missingResource = (id: string) => new ApiError('entity.not_exists_with_id', { name: 'resource', id });

export async function getResource(db: Executor, id: string) {
  const resource = await queries.findResourceById(db, id);
  if (!resource) throw missingResource(id);
  return resource;
}

export function listResources(db: Executor, page: Page | undefined, includeScopes: boolean) {
  return queries.listResources(db, page, includeScopes);
}

export async function createResource(db: Db, input: CreateResourceBody) {
  const id = nanoid();
  return db.transaction().execute(async (tx) => {
    if (input.isDefault) await queries.clearDefaultResource(tx, id);
    await queries.insertResource(tx, { id, ...input });
    return { ...(await getResource(tx, id)), scopes: [] };
  });
}

/** The Management API's indicator follows GUILDHALL_ENDPOINT; the API cannot move it. */
export async function updateResource(db: Db, id: string, input: UpdateResourceBody) {
  return db.transaction().execute(async (tx) => {
    const current = await getResource(tx, id);
    if (id === MANAGEMENT_API_RESOURCE_ID && input.indicator !== undefined && input.indicator !== current.indicator) {
      throw new ApiError('resource.protected');
    }
    if (input.isDefault) await queries.clearDefaultResource(tx, id);
    await queries.updateResource(tx, id, input);
    return getResource(tx, id);
  });
}

/** Its scopes go too, and with them every role's and organization role's grant of them. */
export async function deleteResource(db: Executor, id: string) {
  if (id === MANAGEMENT_API_RESOURCE_ID) throw new ApiError('resource.protected');
  if (!(await queries.deleteResource(db, id))) throw missingResource(id);
}

// Scopes ------------------------------------------------------------------------------------

export async function listScopes(db: Executor, resourceId: string, search: string | undefined, page: Page | undefined) {
  await getResource(db, resourceId);
  return queries.listScopes(db, resourceId, search, page);
}

export async function createScope(db: Db, resourceId: string, input: CreateResourceScopeBody) {
  const id = nanoid();
  return db.transaction().execute(async (tx) => {
    // FOR KEY SHARE: the resource cannot vanish between this check and the insert.
    const resource = await tx.selectFrom('resources').select('id').where('id', '=', resourceId).forKeyShare().executeTakeFirst();
    if (!resource) throw missingResource(resourceId);
    await queries.insertScope(tx, { id, resourceId, name: input.name, description: input.description ?? null });
    return getScope(tx, resourceId, id);
  });
}

export async function getScope(db: Executor, resourceId: string, scopeId: string) {
  const scope = await queries.findScope(db, resourceId, scopeId);
  if (!scope) throw new ApiError('entity.not_exists_with_id', { name: 'scope', id: scopeId });
  return scope;
}

/** The Management API's own scopes (`all`, `read`) are what its tokens are checked for: they cannot be renamed or removed. */
export async function updateScope(db: Executor, resourceId: string, scopeId: string, input: UpdateResourceScopeBody) {
  if (PROTECTED_SCOPES.has(scopeId) && input.name !== undefined) {
    const current = await getScope(db, resourceId, scopeId);
    if (current.name !== input.name) throw new ApiError('resource.protected');
  }
  if (!(await queries.updateScope(db, resourceId, scopeId, input))) {
    throw new ApiError('entity.not_exists_with_id', { name: 'scope', id: scopeId });
  }
  return getScope(db, resourceId, scopeId);
}

/** Roles and organization roles that granted the scope lose it (the links cascade). */
export async function deleteScope(db: Executor, resourceId: string, scopeId: string) {
  if (PROTECTED_SCOPES.has(scopeId)) throw new ApiError('resource.protected');
  if (!(await queries.deleteScope(db, resourceId, scopeId))) throw new ApiError('entity.not_found');
}
