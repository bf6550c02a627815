// The example product API: invite users to an organization and remove them, guarded by the
// caller's organization token. Admins hold invite:users and remove:users; members invite:users.
//   node --conditions=guildhall-source --import tsx examples/organization-rbac/service.ts
import { serve } from '@hono/node-server';
import type { OrganizationTokenVerifier } from '@guildhall/sdk';
import { requireOrganizationScopes, type OrganizationAuthEnv } from '@guildhall/sdk/hono';
import { ManagementApiError, type ManagementClient } from '@guildhall/sdk/management';
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { fileURLToPath } from 'node:url';
import { loadExampleConfig, managementClient, organizationTokenVerifier } from './config.ts';
import { setupTemplate } from './setup.ts';

/** The role an invited user receives: inviting never grants more than membership. */
export const INVITED_ROLE = 'member';

const fail = (c: Context, status: ContentfulStatusCode, code: string, message: string) => c.json({ code, message }, status);

export function createService(verifier: OrganizationTokenVerifier, api: ManagementClient) {
  const app = new Hono<OrganizationAuthEnv>();
  const scoped = (scope: 'invite:users' | 'remove:users') =>
    requireOrganizationScopes(verifier, scope, { organizationIdParam: 'organizationId' });

  // Invite: `{ "userId": "…" }` or `{ "email": "…" }` of an existing Guildhall user.
  app.post('/organizations/:organizationId/members', scoped('invite:users'), async (c) => {
    const organizationId = c.req.param('organizationId');
    const input: unknown = await c.req.json().catch(() => undefined);
    const { userId, email } = (typeof input === 'object' && input !== null ? input : {}) as { userId?: unknown; email?: unknown };
    if ((typeof userId === 'string') === (typeof email === 'string')) {
      return fail(c, 400, 'invalid_input', 'Send exactly one of "userId" or "email" (strings)');
    }
    const id = typeof userId === 'string' ? userId : await userIdByEmail(api, String(email));
    if (!id) return fail(c, 404, 'user_not_found', 'No user has this email address');

    await api.post('/api/organizations/{id}/users', { path: { id: organizationId }, body: { userIds: [id] } });
    await api.post('/api/organizations/{id}/users/{userId}/roles', {
      path: { id: organizationId, userId: id },
      body: { organizationRoleNames: [INVITED_ROLE] },
    });
    return c.json({ organizationId, userId: id, roles: [INVITED_ROLE], invitedBy: c.get('organizationAuth').subject }, 201);
  });

  // Remove a member (their roles in the organization go with the membership).
  app.delete('/organizations/:organizationId/members/:userId', scoped('remove:users'), async (c) => {
    await api.delete('/api/organizations/{id}/users/{userId}', {
      path: { id: c.req.param('organizationId'), userId: c.req.param('userId') },
    });
    return c.body(null, 204);
  });

  // Guildhall's client errors (unknown user, not a member…) keep their status and code; anything
  // else is this service's upstream failing.
  app.onError((error, c) => {
    if (error instanceof ManagementApiError && error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 403) {
      return fail(c, error.status as ContentfulStatusCode, error.code, error.message);
    }
    console.error(error);
    return fail(c, 502, 'upstream_error', 'The identity service could not complete the request');
  });
  return app;
}

/** Exact, case-insensitive match on the primary email (the search itself is a substring match). */
async function userIdByEmail(api: ManagementClient, email: string): Promise<string | undefined> {
  const { data } = await api.get('/api/users', { query: { search: email, page: 1, page_size: 100 } });
  return data.find((user) => user.primaryEmail?.toLowerCase() === email.toLowerCase())?.id;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const config = loadExampleConfig();
  const api = managementClient(config);
  await setupTemplate(api, console.log);
  const app = createService(organizationTokenVerifier(config), api);
  serve({ fetch: app.fetch, port: config.port, hostname: process.env.HOST ?? '127.0.0.1' }, (info) => {
    console.log(`organization-rbac example listening on http://${info.address}:${info.port}`);
  });
}
