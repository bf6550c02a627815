import type { Executor } from '../../platform/database.ts';
import { ApiError } from '../../platform/errors.ts';
import type { Page } from '../../platform/pagination.ts';
import { membershipSet } from '../membership-sets.ts';
import { toOrganization } from '../shape.ts';
import * as queries from './queries.ts';
import type { ListMembersQuery, UpdateMembershipBody } from './schemas.ts';

export function listMembers(db: Executor, organizationId: string, query: ListMembersQuery, page: Page) {
  return queries.listMembers(db, organizationId, { search: query.q, organizationRoleId: query.organizationRoleId, status: query.status }, page);
}

const members = membershipSet('user');

/** Adds members in one statement: an unknown user or organization rejects the whole batch (422). */
export const addMembers = members.add;

/** Replaces the member set by its delta: members who stay keep their roles and status. */
export const replaceMembers = members.replace;

export async function removeMember(db: Executor, organizationId: string, userId: string) {
  if (!(await members.removeOne(db, organizationId, userId))) throw new ApiError('entity.not_found', { organizationId, userId });
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
