import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.ts';
import type { App } from '../../platform/http.ts';
import { optionalPage, setPageHeaders } from '../../platform/pagination.ts';
import { NoContent, errorResponses } from '../../platform/schemas.ts';
import {
  CreateInvitationBody,
  InvitationParams,
  InvitationSchema,
  ListInvitationsQuery,
  MessageBody,
  UpdateInvitationStatusBody,
} from './schemas.ts';
import * as invitations from './service.ts';

const tags = ['Organization invitations'];

export async function invitationRoutes(app: App, { db }: AppContext) {
  app.get(
    '/organization-invitations',
    {
      schema: {
        tags,
        summary: 'List organization invitations',
        description:
          'Newest first. Filters: `organizationId`, `inviterId`, `invitee` (whatever its case). The whole list without ' +
          '`page`/`page_size`. A pending invitation past `expiresAt` reads as `Expired`.',
        querystring: ListInvitationsQuery,
        response: { 200: Type.Array(InvitationSchema), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const { organizationId, inviterId, invitee } = request.query;
      const page = optionalPage(request.query);
      const { rows, total } = await invitations.listInvitations(db, { organizationId, inviterId, invitee }, page);
      if (page) setPageHeaders(request, reply, page, total);
      return rows;
    },
  );

  app.post(
    '/organization-invitations',
    {
      schema: {
        tags,
        summary: 'Invite an email address to an organization',
        description:
          '`expiresAt` must be in the future (400 `request.invalid_input`). An invitee who is a member already: 422 ' +
          '`organization_invitation.already_member`; a pending, unexpired invitation of the same address (whatever its case) ' +
          'to the same organization: 422 `entity.unique_integrity_violation`; unknown organization or role: 422. ' +
          'Guildhall sends no email: `messagePayload` other than `false` answers 422 `connector.not_found`.',
        body: CreateInvitationBody,
        response: { 201: InvitationSchema, ...errorResponses(400, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await invitations.createInvitation(db, request.body)),
  );

  app.get(
    '/organization-invitations/:id',
    {
      schema: {
        tags,
        summary: 'Get an organization invitation',
        params: InvitationParams,
        response: { 200: InvitationSchema, ...errorResponses(404) },
      },
    },
    async (request) => invitations.getInvitation(db, request.params.id),
  );

  app.delete(
    '/organization-invitations/:id',
    {
      schema: {
        tags,
        summary: 'Delete an organization invitation',
        params: InvitationParams,
        response: { 204: NoContent, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await invitations.deleteInvitation(db, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/organization-invitations/:id/status',
    {
      schema: {
        tags,
        summary: 'Accept or revoke a pending organization invitation',
        description:
          'Only a pending, unexpired invitation changes (422 `organization_invitation.not_pending`). `Accepted` needs ' +
          '`acceptedUserId` (422), a user whose primary email is the invitee whatever its case (422; unknown user 404): ' +
          'they join the organization with the invitation’s roles, in the same transaction.',
        params: InvitationParams,
        body: UpdateInvitationStatusBody,
        response: { 200: InvitationSchema, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => invitations.updateStatus(db, request.params.id, request.body),
  );

  app.post(
    '/organization-invitations/:id/message',
    {
      schema: {
        tags,
        summary: 'Send the invitation email again',
        description: 'Guildhall has no email connector yet: 422 `connector.not_found` (404 for an unknown invitation).',
        params: InvitationParams,
        body: MessageBody,
        response: { 204: NoContent, ...errorResponses(400, 404, 422) },
      },
    },
    async (request) => invitations.sendMessage(db, request.params.id),
  );
}
