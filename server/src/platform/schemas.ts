import { Type, type TSchema } from 'typebox';

/** A value or null. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Logto responses carry the tenant; Guildhall has a single one. */
export const TENANT_ID = 'default';

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 256 }) });

export const JsonObjectSchema = Type.Record(Type.String(), Type.Unknown());

/** Ids in a relation body (`{ userIds: [...] }`): strings, 1–256 characters, at most 1000. */
export const IdList = (options: { minItems?: number } = {}) =>
  Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 1000, ...options });

export const ErrorResponse = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    data: Type.Optional(Type.Unknown()),
  }
);

/** Standard error responses for route schemas (documented in OpenAPI). */
export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, ErrorResponse]));

/** An empty response (201/204 with no body). */
export const NoContent = Type.Null({ description: 'No content' });
