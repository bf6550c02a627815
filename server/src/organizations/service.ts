import type { Executor } from '../platform/database.ts';
import { ApiError } from '../platform/errors.ts';
import { nanoid } from '../platform/ids.ts';
import type { Page } from '../platform/pagination.ts';
import * as queries from './queries.ts';
import type { CreateOrganizationBody, ListOrganizationsQuery, UpdateOrganizationBody } from './schemas.ts';
import { toOrganization } from './shape.ts';

/** Logto's organization ids are 12 characters (PR #4847). */
export const ORGANIZATION_ID_LENGTH = 12;

const TRUTHY = new Set(['1', 'true', 'yes']);

export async function getOrganization(db: Executor, id: string) {
  const row = await queries.findOrganizationById(db, id);
  if (!row) throw new ApiError('entity.not_exists_with_id', { name: 'organization', id });
  return toOrganization(row);
}

export async function listOrganizations(db: Executor, query: ListOrganizationsQuery, page: Page) {
  const featured = TRUTHY.has((query.showFeatured ?? '').toLowerCase());
  const { rows, total } = await queries.listOrganizations(db, { search: query.q, featured, before: query.before }, page);
  return { rows: rows.map(toOrganization), total };
}

export async function createOrganization(db: Executor, input: CreateOrganizationBody) {
  const id = nanoid(ORGANIZATION_ID_LENGTH);
  await queries.insertOrganization(db, {
    id,
    name: input.name,
    description: input.description ?? null,
    customData: JSON.stringify(input.customData ?? {}),
    isMfaRequired: input.isMfaRequired ?? false,
    color: JSON.stringify(input.color ?? {}),
    branding: JSON.stringify(input.branding ?? {}),
    customCss: input.customCss ?? null,
  });
  return getOrganization(db, id);
}

/** A partial update; JSON fields are replaced, not merged (as Logto does). */
export async function updateOrganization(db: Executor, id: string, input: UpdateOrganizationBody) {
  const { customData, color, branding, ...columns } = input;
  const found = await queries.updateOrganization(db, id, {
    ...columns,
    ...(customData === undefined ? {} : { customData: JSON.stringify(customData) }),
    ...(color === undefined ? {} : { color: JSON.stringify(color) }),
    ...(branding === undefined ? {} : { branding: JSON.stringify(branding) }),
  });
  if (!found) throw new ApiError('entity.not_exists', { name: 'organization' });
  return getOrganization(db, id);
}

/** Memberships, member roles and application links go with it (foreign keys cascade). */
export async function deleteOrganization(db: Executor, id: string) {
  if (!(await queries.deleteOrganization(db, id))) throw new ApiError('entity.not_found', { name: 'organization', id });
}
