import type { Db, Executor } from '../../platform/database.ts';
import { ApiError } from '../../platform/errors.ts';
import { nanoid, uniqueIds } from '../../platform/ids.ts';
import type { Page } from '../../platform/pagination.ts';
import { withTenant } from '../shape.ts';
import * as queries from './queries.ts';
import type { CreateInvitationBody, UpdateInvitationStatusBody } from './schemas.ts';

/**
 * Organization invitations (reference §2.8): an address invited to an organization with roles,
 * accepted (the user joins with those roles) or revoked through the API. Guildhall sends no
 * email yet and has no hosted accept page: the product builds the link and calls the status route.
 */
const notFound = (id: string) => new ApiError('entity.not_found', { id });

export async function getInvitation(db: Executor, id: string) {
  const invitation = await queries.findInvitation(db, id);
  if (!invitation) throw notFound(id);
  return withTenant(invitation);
}

export async function listInvitations(db: Executor, filter: queries.InvitationFilter, page: Page | undefined) {
  const { rows, total } = await queries.listInvitations(db, filter, page);
  return { rows: rows.map(withTenant), total };
}

export async function createInvitation(db: Db, input: CreateInvitationBody) {
  if (input.messagePayload !== undefined && input.messagePayload !== false) {
    throw new ApiError('connector.not_found', { type: 'email' });
  }
  if (!(input.expiresAt > Date.now())) throw new ApiError('request.invalid_input', { field: 'expiresAt', reason: 'must be in the future' });
  const id = nanoid(21);
  await db.transaction().execute(async (trx) => {
    if (await queries.isMemberByEmail(trx, input.organizationId, input.invitee)) {
      throw new ApiError('organization_invitation.already_member', { invitee: input.invitee });
    }
    // An expired pending invitation gives way to the new one; an unexpired one fails the unique index (422).
    await queries.expirePending(trx, input.organizationId, input.invitee);
    await queries.insertInvitation(
      trx,
      { id, organizationId: input.organizationId, invitee: input.invitee, inviterId: input.inviterId ?? null, expiresAt: new Date(input.expiresAt) },
      uniqueIds(input.organizationRoleIds),
    );
  });
  return getInvitation(db, id);
}

/**
 * Accepts or revokes a pending invitation. Accepting needs the user whose primary email is the
 * invitee (whatever its case): they join the organization with the invitation's roles, in the
 * same transaction.
 */
export async function updateStatus(db: Db, id: string, input: UpdateInvitationStatusBody) {
  await db.transaction().execute(async (trx) => {
    const invitation = await queries.lockInvitation(trx, id);
    if (!invitation) throw notFound(id);
    const current = invitation.status === 'Pending' && invitation.expired ? 'Expired' : invitation.status;
    if (current !== 'Pending') throw new ApiError('organization_invitation.not_pending', { status: current });
    if (input.status === 'Revoked') return queries.setStatus(trx, id, 'Revoked', null);
    if (!input.acceptedUserId) throw new ApiError('organization_invitation.accepted_user_required');
    const user = await trx.selectFrom('users').select(['id', 'primaryEmail']).where('id', '=', input.acceptedUserId).executeTakeFirst();
    if (!user) throw new ApiError('entity.not_found', { id: input.acceptedUserId });
    if (user.primaryEmail?.toLowerCase() !== invitation.invitee.toLowerCase()) {
      throw new ApiError('organization_invitation.email_mismatch', { invitee: invitation.invitee });
    }
    await queries.joinWithInvitationRoles(trx, id, invitation.organizationId, user.id);
    await queries.setStatus(trx, id, 'Accepted', user.id);
  });
  return getInvitation(db, id);
}

export async function deleteInvitation(db: Executor, id: string) {
  if (!(await queries.deleteInvitation(db, id))) throw notFound(id);
}

/** Resending the email: there is no email connector yet. */
export async function sendMessage(db: Executor, id: string): Promise<never> {
  await getInvitation(db, id);
  throw new ApiError('connector.not_found', { type: 'email' });
}
