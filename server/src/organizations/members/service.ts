import type { Db, Executor } from '../../platform/database.ts';
import { ApiError } from '../../platform/errors.ts';
import type { Page } from '../../platform/pagination.ts';
import { lockOrganization } from '../queries.ts';
import { toOrganization } from '../shape.ts';
import * as queries from './queries.ts';
import type { ListMembersQuery, UpdateMembershipBody } from './schemas.ts';

const unique = (ids: string[]) => [...new Set(ids)];

export function listMembers(db: Executor, organizationId: string, query: ListMembersQuery, page: Page) {
  return queries.listMembers(db, organizationId, { search: query.q, organizationRoleId: query.organizationRoleId, status: query.status }, page);
}

/**
 * Adds members in one statement: an unknown user or organization rejects the whole batch (422,
 * by the foreign keys); existing members are left untouched.
 */
export async function addMembers(db: Executor, organizationId: string, userIds: string[]) {
  await queries.insertMembers(db, organizationId, unique(userIds));
}

/**
 * Replaces the member set by its delta, in one transaction that holds the organization row: only
 * departing members are removed (survivors keep their roles and status), only newcomers added.
 * Concurrent replacements (and additions, whose foreign-key check waits on the row) serialize.
 */
export async function replaceMembers(db: Db, organizationId: string, userIds: string[]) {
  await db.transaction().execute(async (trx) => {
    if (!(await lockOrganization(trx, organizationId))) {
      throw new ApiError('entity.relation_foreign_key_not_found', { name: 'organization', id: organizationId });
    }
    const wanted = new Set(userIds);
    const current = new Set(await queries.memberIds(trx, organizationId));
    await queries.deleteMembers(trx, organizationId, [...current].filter((id) => !wanted.has(id)));
    await queries.insertMembers(trx, organizationId, [...wanted].filter((id) => !current.has(id)));
  });
}

export async function removeMember(db: Executor, organizationId: string, userId: string) {
  const removed = await queries.deleteMembers(db, organizationId, [userId]);
  if (removed === 0) throw new ApiError('entity.not_found', { organizationId, userId });
}

export async function getMembership(db: Executor, organizationId: string, userId: string) {
  const membership = await queries.findMembership(db, organizationId, userId);
  if (!membership) throw new ApiError('entity.not_found', { organizationId, userId });
  return membership;
}

/** Suspending keeps the member's roles; a suspended member simply holds no permissions. */
export async function updateMembership(db: Executor, organizationId: string, userId: string, input: UpdateMembershipBody) {
  if (!(await queries.updateMembershipStatus(db, organizationId, userId, input.status))) {
    throw new ApiError('entity.not_found', { organizationId, userId });
  }
  return getMembership(db, organizationId, userId);
}

export async function listUserOrganizations(db: Executor, userId: string, page: Page | undefined) {
  if (!(await queries.userExists(db, userId))) throw new ApiError('entity.not_exists_with_id', { name: 'user', id: userId });
  const { rows, total } = await queries.listUserOrganizations(db, userId, page);
  return {
    total,
    rows: rows.map(({ membershipStatus, membershipJoinedAt, ...organization }) => ({
      ...toOrganization(organization),
      membership: { status: membershipStatus, joinedAt: membershipJoinedAt },
    })),
  };
}
