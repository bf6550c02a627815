import { Type, type Static } from 'typebox';
import { PaginationQuery } from '../../platform/pagination.ts';
import { IdList, Nullable, TENANT_ID } from '../../platform/schemas.ts';
import { RoleRefSchema } from '../schemas.ts';

const Id = Type.String({ minLength: 1, maxLength: 256 });
const Status = Type.Unsafe<'Pending' | 'Accepted' | 'Expired' | 'Revoked'>({ type: 'string', enum: ['Pending', 'Accepted', 'Expired', 'Revoked'] });

/** Logto's `OrganizationInvitationEntity` (reference §1.7). */
export const InvitationSchema = Type.Object({
  tenantId: Type.Literal(TENANT_ID),
  id: Type.String(),
  inviterId: Nullable(Type.String()),
  invitee: Type.String(),
  acceptedUserId: Nullable(Type.String()),
  organizationId: Type.String(),
  status: Status,
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
  expiresAt: Type.Number(),
  organizationRoles: Type.Array(RoleRefSchema),
});

export const InvitationParams = Type.Object({ id: Id });

export const ListInvitationsQuery = Type.Object({
  ...PaginationQuery.properties,
  organizationId: Type.Optional(Id),
  inviterId: Type.Optional(Id),
  invitee: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
});
export type ListInvitationsQuery = Static<typeof ListInvitationsQuery>;

/** Whether and how to send the invitation email: Guildhall sends none yet (501 when asked). */
const MessagePayload = Type.Union([Type.Literal(false), Type.Record(Type.String(), Type.Unknown())]);

export const CreateInvitationBody = Type.Object({
  organizationId: Id,
  invitee: Type.String({ format: 'email', maxLength: 256 }),
  // Bounded by the latest instant a JavaScript Date holds (PostgreSQL's timestamptz goes further).
  expiresAt: Type.Integer({ minimum: 0, maximum: 8_640_000_000_000_000, description: 'Epoch milliseconds, in the future.' }),
  inviterId: Type.Optional(Id),
  organizationRoleIds: Type.Optional(IdList()),
  messagePayload: Type.Optional(MessagePayload),
});
export type CreateInvitationBody = Static<typeof CreateInvitationBody>;

export const UpdateInvitationStatusBody = Type.Object({
  status: Type.Unsafe<'Accepted' | 'Revoked'>({ type: 'string', enum: ['Accepted', 'Revoked'] }),
  acceptedUserId: Type.Optional(Id),
});
export type UpdateInvitationStatusBody = Static<typeof UpdateInvitationStatusBody>;

export const MessageBody = Type.Record(Type.String(), Type.Unknown());
