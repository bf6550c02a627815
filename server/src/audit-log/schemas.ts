import { Type, type Static } from 'typebox';
import { JsonObjectSchema, Nullable } from '../platform/schemas.ts';
import { PaginationQuery } from '../platform/pagination.ts';

const Id = Type.String({ minLength: 1, maxLength: 128 });

export const AuditLogEntrySchema = Type.Object(
  {
    id: Type.String(),
    createdAt: Type.Number({ description: 'When the change was made (epoch milliseconds).' }),
    organizationId: Nullable(Type.String({ description: 'The organization the change concerns, if any.' })),
    actor: Type.Object({
      type: Type.Union([Type.Literal('Application'), Type.Literal('User')], {
        description: '`Application`: a machine-to-machine token; `User`: a person through an application (the Console).',
      }),
      id: Type.String({ description: 'The application or user id (the token’s `sub`).' }),
      name: Nullable(
        Type.String({ description: 'Its name now (a user’s name, username or email; an application’s name); `null` once deleted.' }),
      ),
      applicationId: Nullable(Type.String({ description: 'The application the token was issued to.' })),
    }),
    method: Type.String(),
    route: Type.String({ description: 'The route pattern, e.g. `/api/organizations/:id/users`.' }),
    path: Type.String({ description: 'The request path, e.g. `/api/organizations/o1/users`.' }),
    status: Type.Integer({ description: 'The HTTP status of the answer.' }),
    params: JsonObjectSchema,
    body: Type.Unknown({
      description:
        'The request body; values of keys naming a password, secret, token, credential, authorization, API key or cookie are ' +
        '`"[redacted]"`; a body over 64 KiB ' +
        'is `{ "truncated": true, "bytes": n }`. `null` without a body.',
    }),
    ip: Nullable(Type.String()),
    userAgent: Nullable(Type.String()),
  },
  { description: 'A Management API change that succeeded (Guildhall extension).' },
);
export type AuditLogEntry = Static<typeof AuditLogEntrySchema>;

const Filters = {
  actorId: Type.Optional(Id),
  route: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'Only this route pattern.' })),
  before: Type.Optional({
    ...Id,
    description:
      'Only entries older than this one (an entry id, usually the last of the previous page): keyset paging, which costs ' +
      'the same at any depth and does not shift while new entries arrive. Without `Total-Number`; `Link` has `next` only.',
  }),
};

export const AuditLogQuery = Type.Object({
  ...PaginationQuery.properties,
  ...Filters,
  organizationId: Type.Optional(Type.String({ minLength: 1, maxLength: 21 })),
});
export type AuditLogQuery = Static<typeof AuditLogQuery>;

export const OrganizationAuditLogQuery = Type.Object({ ...PaginationQuery.properties, ...Filters });
