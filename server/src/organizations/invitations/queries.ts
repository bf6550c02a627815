import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Executor } from '../../platform/database.ts';
import { optionallyPaged, type Page } from '../../platform/pagination.ts';
import type { OrganizationInvitationStatus } from '../../platform/schema.ts';
import { idValues } from '../role-refs.ts';

export interface InvitationFilter {
  organizationId?: string | undefined;
  inviterId?: string | undefined;
  invitee?: string | undefined;
}

/** The invitations that pass the filter (none given: all). */
function filtered(db: Executor, filter: InvitationFilter & { id?: string }) {
  let query = db.selectFrom('organizationInvitations as i');
  if (filter.id !== undefined) query = query.where('i.id', '=', filter.id);
  if (filter.organizationId) query = query.where('i.organizationId', '=', filter.organizationId);
  if (filter.inviterId) query = query.where('i.inviterId', '=', filter.inviterId);
  if (filter.invitee) query = query.where(sql`lower(i.invitee)`, '=', filter.invitee.toLowerCase());
  return query;
}

/** Invitations as the API shows them: a stored Pending one past its expiry reads as Expired. */
function invitations(db: Executor, filter: InvitationFilter & { id?: string }) {
  return filtered(db, filter)
    .select([
      'i.id',
      'i.inviterId',
      'i.invitee',
      'i.acceptedUserId',
      'i.organizationId',
      sql<OrganizationInvitationStatus>`case when i.status = 'Pending' and i.expires_at <= now() then 'Expired' else i.status end`.as('status'),
      'i.createdAt',
      'i.updatedAt',
      'i.expiresAt',
    ])
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('organizationInvitationRoleRelations as ir')
          .innerJoin('organizationRoles as r', 'r.id', 'ir.organizationRoleId')
          .whereRef('ir.organizationInvitationId', '=', 'i.id')
          .select(['r.id', 'r.name'])
          .orderBy('r.name')
          .orderBy('r.id'),
      ).as('organizationRoles'),
    );
}

export type InvitationRow = Awaited<ReturnType<typeof findInvitation>> & {};

export function findInvitation(db: Executor, id: string) {
  return invitations(db, { id }).executeTakeFirst();
}

/** Newest first (`createdAt desc`, then id), filtered; the invitee matches whatever its case. */
export function listInvitations(db: Executor, filter: InvitationFilter, page: Page | undefined) {
  return optionallyPaged(
    invitations(db, filter).orderBy('i.createdAt', 'desc').orderBy('i.id', 'desc'),
    () => filtered(db, filter).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
    page,
  );
}

/** Marks the address's stored Pending invitations to the organization that have expired as Expired. */
export async function expirePending(db: Executor, organizationId: string, invitee: string) {
  await db
    .updateTable('organizationInvitations')
    .set({ status: 'Expired', updatedAt: sql`now()` })
    .where('organizationId', '=', organizationId)
    .where(sql`lower(invitee)`, '=', invitee.toLowerCase())
    .where('status', '=', 'Pending')
    .where(sql<boolean>`expires_at <= now()`)
    .execute();
}

/** Whether a user whose primary email is the address (whatever its case) is a member already. */
export async function isMemberByEmail(db: Executor, organizationId: string, invitee: string): Promise<boolean> {
  const row = await db
    .selectFrom('users as u')
    .innerJoin('organizationUserRelations as m', 'm.userId', 'u.id')
    .where('m.organizationId', '=', organizationId)
    .where(sql`lower(u.primary_email)`, '=', invitee.toLowerCase())
    .select('u.id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertInvitation(
  db: Executor,
  invitation: { id: string; organizationId: string; invitee: string; inviterId: string | null; expiresAt: Date },
  roleIds: string[],
) {
  await db.insertInto('organizationInvitations').values(invitation).execute();
  if (roleIds.length > 0) {
    await sql`insert into organization_invitation_role_relations (organization_invitation_id, organization_role_id)
      select ${invitation.id}, r.id from ${idValues(roleIds)} as r (id)`.execute(db);
  }
}

/** The stored row, locked until the transaction ends (two status changes serialize). */
export function lockInvitation(db: Executor, id: string) {
  return db
    .selectFrom('organizationInvitations')
    .select(['id', 'organizationId', 'invitee', 'status', sql<boolean>`expires_at <= now()`.as('expired')])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function setStatus(db: Executor, id: string, status: 'Accepted' | 'Revoked', acceptedUserId: string | null) {
  await db.updateTable('organizationInvitations').set({ status, acceptedUserId, updatedAt: sql`now()` }).where('id', '=', id).execute();
}

/** Makes the user a member with the invitation's roles; what exists already stays (idempotent). */
export async function joinWithInvitationRoles(db: Executor, invitationId: string, organizationId: string, userId: string) {
  await sql`insert into organization_user_relations (organization_id, user_id) values (${organizationId}, ${userId})
    on conflict do nothing`.execute(db);
  await sql`insert into organization_role_user_relations (organization_id, user_id, organization_role_id)
    select ${organizationId}, ${userId}, ir.organization_role_id from organization_invitation_role_relations ir
    where ir.organization_invitation_id = ${invitationId}
    on conflict do nothing`.execute(db);
}

export async function deleteInvitation(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('organizationInvitations').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
