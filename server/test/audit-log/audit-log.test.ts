import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { pruneAuditLog } from '../../src/audit-log/record.ts';
import { given } from '../support/given.ts';
import { ADMIN, startGuildhall } from '../support/guildhall.ts';

const gh = await startGuildhall();
const g = given(gh);

interface Entry {
  id: string;
  createdAt: number;
  organizationId: string | null;
  actor: { type: string; id: string; name: string | null; applicationId: string | null };
  method: string;
  route: string;
  path: string;
  status: number;
  params: Record<string, unknown>;
  body: unknown;
  ip: string | null;
  userAgent: string | null;
}

async function trail(organizationId: string, query = ''): Promise<Entry[]> {
  const response = await gh.api('GET', `/api/organizations/${organizationId}/audit-logs${query}`);
  assert.equal(response.status, 200, response.text);
  return response.body;
}

const summary = (entries: Entry[]) => entries.map((entry) => `${entry.method} ${entry.route} ${entry.status}`);

describe('audit log of Management API changes', () => {
  it("records each change that succeeded in the organization's trail, newest first, with who, what and the body", async () => {
    const [alice, bob] = [await g.user(), await g.user()];
    const role = await g.organizationRole();
    const created = await gh.api('POST', '/api/organizations', { name: g.unique('org'), customData: { plan: 'gold' } }, { 'user-agent': 'audit-test/1.0' });
    assert.equal(created.status, 201);
    const organization = created.body;
    assert.equal((await gh.api('POST', `/api/organizations/${organization.id}/users`, { userIds: [alice.id, bob.id] })).status, 201);
    assert.equal((await gh.api('PUT', `/api/organizations/${organization.id}/users/${alice.id}/roles`, { organizationRoleIds: [role.id] })).status, 204);
    assert.equal((await gh.api('PATCH', `/api/organizations/${organization.id}/users/${bob.id}`, { status: 'Suspended' })).status, 200);
    assert.equal((await gh.api('DELETE', `/api/organizations/${organization.id}/users/${bob.id}`)).status, 204);
    // Reads and refused changes are not changes.
    assert.equal((await gh.api('GET', `/api/organizations/${organization.id}/users`)).status, 200);
    assert.equal((await gh.api('POST', `/api/organizations/${organization.id}/users`, { userIds: ['no-such-user'] })).status, 422);
    assert.equal((await gh.api('PATCH', `/api/organizations/${organization.id}`, { name: '' })).status, 400);

    const entries = await trail(organization.id);
    assert.deepEqual(summary(entries), [
      'DELETE /api/organizations/:id/users/:userId 204',
      'PATCH /api/organizations/:id/users/:userId 200',
      'PUT /api/organizations/:id/users/:userId/roles 204',
      'POST /api/organizations/:id/users 201',
      'POST /api/organizations 201',
    ]);
    for (const entry of entries) {
      assert.equal(entry.organizationId, organization.id);
      const { name, ...actor } = entry.actor;
      assert.deepEqual(actor, { type: 'Application', id: ADMIN.id, applicationId: ADMIN.id });
      assert.equal(typeof name, 'string');
      assert.match(entry.id, /^[0-9a-z]{21}$/);
    }
    const [removed, suspended, , added, creation] = entries as [Entry, Entry, Entry, Entry, Entry];
    assert.deepEqual(removed.params, { id: organization.id, userId: bob.id });
    assert.equal(removed.path, `/api/organizations/${organization.id}/users/${bob.id}`);
    assert.equal(removed.body, null);
    assert.deepEqual(suspended.body, { status: 'Suspended' });
    assert.deepEqual(added.body, { userIds: [alice.id, bob.id] });
    assert.deepEqual(creation.body, { name: organization.name, customData: { plan: 'gold' } });
    assert.equal(creation.userAgent, 'audit-test/1.0');
    assert.ok(creation.createdAt <= removed.createdAt && removed.createdAt <= Date.now());

    const page = await gh.api('GET', `/api/organizations/${organization.id}/audit-logs?page=2&page_size=2`);
    assert.equal(page.headers['total-number'], '5');
    assert.deepEqual(
      page.body.map((entry: Entry) => entry.id),
      entries.slice(2, 4).map((entry) => entry.id),
    );
    assert.deepEqual(summary(await trail(organization.id, '?route=/api/organizations/:id/users')), ['POST /api/organizations/:id/users 201']);
  });

  it("keeps an organization's trail after its deletion, and its invitations' changes in it", async () => {
    const organization = await g.organization();
    const invitation = await gh.api('POST', '/api/organization-invitations', {
      organizationId: organization.id,
      invitee: `${g.unique('someone')}@example.com`,
      expiresAt: Date.now() + 86_400_000,
    });
    assert.equal(invitation.status, 201, invitation.text);
    assert.equal((await gh.api('DELETE', `/api/organization-invitations/${invitation.body.id}`)).status, 204);
    assert.equal((await gh.api('DELETE', `/api/organizations/${organization.id}`)).status, 204);

    assert.deepEqual(summary(await trail(organization.id)), [
      'DELETE /api/organizations/:id 204',
      'DELETE /api/organization-invitations/:id 204',
      'POST /api/organization-invitations 201',
      'POST /api/organizations 201',
    ]);
  });

  it('puts a deletion elsewhere in the trail of every organization it reached (cascaded removals)', async () => {
    const [user, app] = [await g.user(), await g.m2mApp()];
    const role = await g.organizationRole();
    const [a, b, untouched] = [await g.organization(), await g.organization(), await g.organization()];
    await g.membership(a.id, user.id, { roleIds: [role.id] });
    await g.membership(b.id, user.id);
    assert.equal((await gh.api('POST', `/api/organizations/${b.id}/applications`, { applicationIds: [app.id] })).status, 201);

    assert.equal((await gh.api('DELETE', `/api/organization-roles/${role.id}`)).status, 204);
    assert.equal((await gh.api('DELETE', `/api/users/${user.id}`)).status, 204);
    assert.equal((await gh.api('DELETE', `/api/applications/${app.id}`)).status, 204);

    const cascades = (entries: Entry[]) => summary(entries.filter((entry) => !entry.route.startsWith('/api/organizations')));
    assert.deepEqual(cascades(await trail(a.id)), ['DELETE /api/users/:userId 204', 'DELETE /api/organization-roles/:id 204']);
    assert.deepEqual(cascades(await trail(b.id)), ['DELETE /api/applications/:applicationId 204', 'DELETE /api/users/:userId 204']);
    assert.deepEqual(cascades(await trail(untouched.id)), []);
    const [deletion] = (await trail(a.id)).filter((entry) => entry.route === '/api/users/:userId');
    assert.deepEqual(deletion!.params, { userId: user.id });
    // The change itself is one entry without an organization, besides its copies.
    const all = (await gh.api('GET', `/api/audit-logs?route=/api/users/:userId&page_size=100`)).body as Entry[];
    assert.deepEqual(
      all.filter((entry) => entry.path === `/api/users/${user.id}`).map((entry) => entry.organizationId).sort(),
      [a.id, b.id, null].sort(),
    );
  });

  it('redacts secrets, bounds large bodies, and lists every change with filters', async () => {
    const user = await g.user({ password: 'correct horse battery staple' });
    assert.equal((await gh.api('PATCH', `/api/users/${user.id}/password`, { password: 'another long passphrase' })).status, 200);
    const [created] = (await gh.api('GET', `/api/audit-logs?route=/api/users&actorId=${ADMIN.id}&page_size=1`)).body as Entry[];
    assert.equal(created!.organizationId, null);
    assert.equal((created!.body as { password: string }).password, '[redacted]');
    assert.equal((created!.body as { username: string }).username, user.username);
    const [changed] = (await gh.api('GET', '/api/audit-logs?route=/api/users/:userId/password&page_size=1')).body as Entry[];
    assert.deepEqual(changed!.body, { password: '[redacted]' });
    // A webhook's request headers may carry credentials for the receiver.
    const hook = await gh.api('POST', '/api/hooks', {
      name: 'crm',
      events: ['Organization.Created'],
      config: { url: 'https://crm.example.com/hook', headers: { Authorization: 'Bearer s3cr3t', 'X-Api-Key': 'k', 'X-Tenant': 'acme' } },
    });
    assert.equal(hook.status, 201, hook.text);
    const [created2] = (await gh.api('GET', '/api/audit-logs?route=/api/hooks&page_size=1')).body as Entry[];
    assert.deepEqual((created2!.body as { config: unknown }).config, {
      url: 'https://crm.example.com/hook',
      headers: { Authorization: '[redacted]', 'X-Api-Key': '[redacted]', 'X-Tenant': 'acme' },
    });

    // Nesting deeper than the redaction searches is not kept either.
    let deep: Record<string, unknown> = { token: 'hidden' };
    for (let level = 0; level < 40; level += 1) deep = { next: deep };
    const nested = await g.organization();
    assert.equal((await gh.api('PATCH', `/api/organizations/${nested.id}`, { customData: deep })).status, 200);
    const [nestedEntry] = await trail(nested.id, '?page_size=1');
    assert.ok(!JSON.stringify(nestedEntry!.body).includes('hidden'), 'no secret below the depth searched');
    assert.ok(JSON.stringify(nestedEntry!.body).includes('[redacted]'));

    const organization = await g.organization();
    const big = { notes: 'x'.repeat(70 * 1024) };
    assert.equal((await gh.api('PATCH', `/api/organizations/${organization.id}`, { customData: big })).status, 200);
    const [patched] = await trail(organization.id, '?page_size=1');
    assert.equal(patched!.route, '/api/organizations/:id');
    assert.deepEqual(patched!.body, { truncated: true, bytes: JSON.stringify({ customData: big }).length });

    const all = await gh.api('GET', '/api/audit-logs?page_size=100');
    assert.equal(all.status, 200);
    assert.ok(Number(all.headers['total-number']) >= 10);
    assert.equal(all.body.length, Math.min(100, Number(all.headers['total-number'])));
    const times = all.body.map((entry: Entry) => entry.createdAt);
    assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
    assert.deepEqual((await gh.api('GET', '/api/audit-logs?actorId=nobody')).body, []);
    assert.equal((await gh.api('GET', '/api/audit-logs?page_size=101')).status, 400);
  });

  it('names the application that made a change', async () => {
    const app = await g.m2mApp();
    assert.equal((await gh.api('POST', '/api/roles/management-api-m2m/applications', { applicationIds: [app.id] })).status, 201);
    const token = await gh.inject({
      method: 'POST',
      url: '/oidc/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: app.id, client_secret: app.secret, resource: `${gh.config.endpoint}/api`, scope: 'all' }).toString(),
    });
    assert.equal(token.statusCode, 200, token.body);
    const organization = await g.organization();
    const patched = await gh.inject({
      method: 'PATCH',
      url: `/api/organizations/${organization.id}`,
      headers: { authorization: `Bearer ${token.json().access_token}` },
      payload: { description: 'changed by another app' },
    });
    assert.equal(patched.statusCode, 200, patched.body);
    const [entry] = await trail(organization.id, '?page_size=1');
    assert.deepEqual(entry!.actor, { type: 'Application', id: app.id, name: app.name, applicationId: app.id });
    assert.deepEqual(summary(await trail(organization.id, `?actorId=${app.id}`)), ['PATCH /api/organizations/:id 200']);
    assert.equal((await gh.api('DELETE', `/api/applications/${app.id}`)).status, 204);
    const [after] = await trail(organization.id, `?actorId=${app.id}`);
    assert.deepEqual(after!.actor, { type: 'Application', id: app.id, name: null, applicationId: app.id }, 'the entry outlives its actor');
  });

  it('records every one of many simultaneous changes, each with its own data', async () => {
    const organizations = await Promise.all(Array.from({ length: 6 }, () => g.organization()));
    const changes = organizations.flatMap((organization) =>
      Array.from({ length: 8 }, (_, index) => ({ organization, description: `${organization.id} change ${index}` })),
    );
    const answers = await Promise.all(
      changes.map(({ organization, description }) => gh.api('PATCH', `/api/organizations/${organization.id}`, { description })),
    );
    assert.deepEqual(new Set(answers.map((answer) => answer.status)), new Set([200]));
    for (const organization of organizations) {
      const entries = await trail(organization.id, '?route=/api/organizations/:id');
      assert.deepEqual(
        entries.map((entry) => (entry.body as { description: string }).description).sort(),
        Array.from({ length: 8 }, (_, index) => `${organization.id} change ${index}`).sort(),
      );
    }
  });

  it('pages by key with `before`: every entry once, stable while new ones arrive, no total', async () => {
    const organization = await g.organization();
    for (let index = 0; index < 6; index++) {
      assert.equal((await gh.api('PATCH', `/api/organizations/${organization.id}`, { description: `change ${index}` })).status, 200);
    }
    const everything = (await trail(organization.id, '?page_size=100')).map((entry) => entry.id);
    assert.equal(everything.length, 7, 'the creation and six changes');

    // The first page as usual; from there, each page the entries older than the last one seen.
    const first = await trail(organization.id, '?page_size=3');
    const seen = first.map((entry) => entry.id);
    // A change arriving between two pages does not shift the next ones.
    assert.equal((await gh.api('PATCH', `/api/organizations/${organization.id}`, { description: 'meanwhile' })).status, 200);
    let next: string | undefined = `/api/organizations/${organization.id}/audit-logs?page_size=3&before=${seen.at(-1)}`;
    for (let pages = 0; next && pages < 10; pages++) {
      const response = await gh.api('GET', next);
      assert.equal(response.status, 200, response.text);
      assert.equal(response.headers['total-number'], undefined, 'keyset pages count nothing');
      seen.push(...response.body.map((entry: Entry) => entry.id));
      const link = response.headers.link as string | undefined;
      if (response.body.length === 3) assert.match(String(link), /^<[^>]+before=[^>&]+[^>]*>; rel="next"$/);
      else assert.equal(link, undefined, 'the last page has no next');
      next = link?.match(/^<([^>]+)>; rel="next"$/)?.[1];
    }
    assert.deepEqual(seen, everything, 'each entry once, newest first, the later change not among them');

    const global = await gh.api('GET', `/api/audit-logs?organizationId=${organization.id}&before=${everything[0]}&page_size=100`);
    assert.deepEqual(global.body.map((entry: Entry) => entry.id), everything.slice(1));
    assert.equal(global.headers.link, undefined, 'a page that is not full has no next');
    assert.deepEqual((await gh.api('GET', '/api/audit-logs?before=nosuchentry')).body, []);
    assert.equal((await gh.api('GET', `/api/audit-logs?before=${'x'.repeat(300)}`)).status, 400);
  });

  it('deletes entries past the retention, and only those', async () => {
    const organization = await g.organization();
    const [fresh] = await trail(organization.id);
    await sql`update audit_logs set created_at = now() - interval '200 days' where id = ${fresh!.id}`.execute(gh.context.db);
    assert.equal((await trail(organization.id)).length, 1);
    assert.equal(await pruneAuditLog(gh.context.db, 365), 0, 'nothing is older than 365 days');
    assert.equal((await trail(organization.id)).length, 1, 'within 365 days');
    // The unfiltered total is a kept count (migration 0016): it follows inserts and pruning.
    const entries = async () => (await sql<{ count: number }>`select count(*)::int as count from audit_logs`.execute(gh.context.db)).rows[0]!.count;
    const total = async () => Number((await gh.api('GET', '/api/audit-logs?page_size=1')).headers['total-number']);
    assert.equal(await total(), await entries());
    assert.equal(await pruneAuditLog(gh.context.db, 180), 1, 'only the aged entry');
    assert.deepEqual(await trail(organization.id), []);
    assert.ok((await gh.api('GET', '/api/audit-logs?page_size=1')).body.length === 1, 'newer entries stay');
    assert.equal(await total(), await entries(), 'the total follows the pruning');
  });
});
