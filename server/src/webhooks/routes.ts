import { Type } from 'typebox';
import type { AppContext } from '../platform/context.ts';
import type { App } from '../platform/http.ts';
import { optionalPage, requiredPage, setPageHeaders } from '../platform/pagination.ts';
import { NoContent, errorResponses } from '../platform/schemas.ts';
import { HOOK_EVENTS } from './events.ts';
import { CreateHookBody, HookDeliverySchema, HookParams, HookSchema, ListHooksQuery, RecentLogsQuery, TestHookBody, UpdateHookBody } from './schemas.ts';
import * as hooks from './service.ts';

const tags = ['Webhooks'];

/** Webhooks (reference §7): Logto's `/api/hooks` — organization, invitation, user, role, permission and sign-in events. */
export async function webhookRoutes(app: App, { db, config }: AppContext) {
  app.get(
    '/hooks',
    {
      schema: {
        tags,
        summary: 'List webhooks',
        description: 'Newest first; the whole list without `page`/`page_size`.',
        querystring: ListHooksQuery,
        response: { 200: Type.Array(HookSchema), ...errorResponses(400) },
        // The signing keys are secrets.
      },
      config: { fullAccessOnly: true },
    },
    async (request, reply) => {
      const page = optionalPage(request.query);
      const { rows, total } = await hooks.listHooks(db, page);
      if (page) setPageHeaders(request, reply, page, total);
      return rows;
    },
  );

  app.post(
    '/hooks',
    {
      schema: {
        tags,
        summary: 'Create a webhook',
        description:
          `Events: ${HOOK_EVENTS.map((event) => `\`${event}\``).join(', ')}. Each request is a JSON \`POST\` signed with the ` +
          'hook’s `signingKey` (header `logto-signature-sha-256`: hex HMAC-SHA256 of the body), 10 s timeout, three retries. ' +
          'An endpoint that is not an absolute http(s) URL (https in production) answers 400 `hook.invalid_endpoint`.',
        body: CreateHookBody,
        response: { 201: HookSchema, ...errorResponses(400) },
      },
    },
    async (request, reply) => reply.status(201).send(await hooks.createHook(db, request.body, config.production)),
  );

  app.get(
    '/hooks/:id',
    {
      schema: { tags, summary: 'Get a webhook', params: HookParams, response: { 200: HookSchema, ...errorResponses(404) } },
      config: { fullAccessOnly: true },
    },
    async (request) => hooks.getHook(db, request.params.id),
  );

  app.patch(
    '/hooks/:id',
    {
      schema: {
        tags,
        summary: 'Update a webhook',
        description: 'Name, events, endpoint (`config`) or `enabled` (a disabled hook receives nothing).',
        params: HookParams,
        body: UpdateHookBody,
        response: { 200: HookSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => hooks.updateHook(db, request.params.id, request.body, config.production),
  );

  app.patch(
    '/hooks/:id/signing-key',
    {
      schema: {
        tags,
        summary: 'Replace the signing key of a webhook',
        description: 'The next deliveries are signed with the new key. No body (or an empty object).',
        params: HookParams,
        body: Type.Unknown({ description: 'None: a body, if sent, is ignored.' }),
        response: { 200: HookSchema, ...errorResponses(404) },
      },
    },
    async (request) => hooks.regenerateSigningKey(db, request.params.id),
  );

  app.post(
    '/hooks/:id/test',
    {
      schema: {
        tags,
        summary: 'Test a webhook',
        description:
          'Sends a sample request of each event in `events` to the endpoint in `config` (which may differ from the hook’s, to try ' +
          'one before saving it), signed with the hook’s key, at once: 204 when the endpoint answered each with 2xx, else 422 ' +
          '`hook.endpoint_responded_with_error` or `hook.send_test_payload_failed` naming the first that failed. Nothing is queued: the hook’s recent deliveries do not list tests.',
        params: HookParams,
        body: TestHookBody,
        response: { 204: NoContent, ...errorResponses(400, 404, 422) },
      },
    },
    async (request, reply) => {
      await hooks.testHook(db, request.params.id, request.body, config.production);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/hooks/:id',
    { schema: { tags, summary: 'Delete a webhook', params: HookParams, response: { 204: NoContent, ...errorResponses(404) } } },
    async (request, reply) => {
      await hooks.deleteHook(db, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/hooks/:id/recent-logs',
    {
      schema: {
        tags,
        summary: 'List the recent deliveries of a webhook',
        description:
          'Newest first, paginated: each event delivered to the hook, with the endpoint’s last status or the error, the number ' +
          'of attempts and the time they took. Kept as long as the audit log (`GUILDHALL_AUDIT_LOG_RETENTION_DAYS`).',
        params: HookParams,
        querystring: RecentLogsQuery,
        response: { 200: Type.Array(HookDeliverySchema), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const page = requiredPage(request.query);
      const { rows, total } = await hooks.recentDeliveries(db, request.params.id, page);
      setPageHeaders(request, reply, page, total);
      return rows;
    },
  );
}
