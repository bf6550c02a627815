import { Type, type Static } from 'typebox';
import { Nullable, TENANT_ID } from '../platform/schemas.ts';
import { PaginationQuery } from '../platform/pagination.ts';
import { HOOK_EVENTS } from './events.ts';

const HookEventSchema = Type.Unsafe<(typeof HOOK_EVENTS)[number]>({ type: 'string', enum: [...HOOK_EVENTS] });
const Events = Type.Array(HookEventSchema, { maxItems: HOOK_EVENTS.length * 2, description: 'The events this hook receives.' });
const Name = Type.String({ minLength: 1, maxLength: 128 });
const Config = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 2048, description: 'The endpoint: an absolute http(s) URL (https when NODE_ENV=production).' }),
  headers: Type.Optional(
    Type.Record(Type.String({ pattern: '^[!#$%&\'*+.^_`|~0-9A-Za-z-]{1,128}$' }), Type.String({ maxLength: 2048 }), {
      maxProperties: 32,
      description: 'Extra request headers (they may replace `user-agent` and `content-type`, not the signature).',
    }),
  ),
});

export const HookSchema = Type.Object({
  tenantId: Type.Literal(TENANT_ID),
  id: Type.String(),
  name: Type.String(),
  event: Type.Null({ description: 'Logto’s deprecated single event; always null.' }),
  events: Type.Array(Type.String()),
  config: Type.Object({ url: Type.String(), headers: Type.Optional(Type.Record(Type.String(), Type.String())) }),
  signingKey: Type.String({ description: 'The HMAC-SHA256 key of the `logto-signature-sha-256` header.' }),
  enabled: Type.Boolean(),
  createdAt: Type.Number(),
});

export const CreateHookBody = Type.Object({
  name: Name,
  events: Events,
  config: Config,
  enabled: Type.Optional(Type.Boolean()),
});
export type CreateHookBody = Static<typeof CreateHookBody>;

export const UpdateHookBody = Type.Object({
  name: Type.Optional(Name),
  events: Type.Optional(Events),
  config: Type.Optional(Config),
  enabled: Type.Optional(Type.Boolean()),
});
export type UpdateHookBody = Static<typeof UpdateHookBody>;

export const HookDeliverySchema = Type.Object({
  id: Type.String(),
  hookId: Type.String(),
  event: Type.String(),
  createdAt: Type.Number({ description: 'When the change queued it (epoch milliseconds).' }),
  state: Type.Union([Type.Literal('Pending'), Type.Literal('Delivered'), Type.Literal('Failed')], {
    description: '`Pending` until the endpoint answers 2xx (`Delivered`) or the retries are spent (`Failed`).',
  }),
  responseStatus: Nullable(Type.Integer({ description: 'The endpoint’s HTTP status at the last attempt; null without an answer.' })),
  error: Nullable(Type.String({ description: 'Why the last attempt failed; null when the endpoint answered 2xx or before any attempt.' })),
  attempts: Type.Integer(),
  durationMs: Type.Integer({ description: 'From the change to the last attempt’s end.' }),
});

export const ListHooksQuery = Type.Object({ ...PaginationQuery.properties });
export const RecentLogsQuery = Type.Object({ ...PaginationQuery.properties });
export const HookParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 21 }) });

export const TestHookBody = Type.Object({
  events: Type.Array(HookEventSchema, { minItems: 1, maxItems: HOOK_EVENTS.length * 2, description: 'The events to send a sample of.' }),
  config: Config,
});
export type TestHookBody = Static<typeof TestHookBody>;
