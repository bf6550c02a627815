import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { given } from '../support/given.ts';
import { buildGuildhall } from '../../src/app.ts';
import { startGuildhall } from '../support/guildhall.ts';
import { authorizeUrl, browser, formAction, pkce, REDIRECT_URI, signInThroughPages } from '../oidc/flow.ts';

const gh = await startGuildhall();
const g = given(gh);

/** A webhook endpoint on loopback that records what it receives; `fail` makes one path answer 500 a few times first. */
interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: Record<string, any>;
  at: number;
}
const received: Received[] = [];
let fail = { path: '', times: 0 };
const refused: string[] = [];
const receiver = http.createServer((request, response) => {
  let raw = '';
  request.on('data', (chunk) => (raw += chunk));
  request.on('end', () => {
    if (fail.times > 0 && request.url === fail.path) {
      fail.times -= 1;
      refused.push(fail.path);
      response.writeHead(500).end();
      return;
    }
    received.push({ path: request.url ?? '', headers: request.headers, raw, body: JSON.parse(raw), at: Date.now() });
    response.writeHead(200).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
after(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
const endpoint = (path: string) => `http://127.0.0.1:${(receiver.address() as AddressInfo).port}${path}`;

/** What an endpoint received so far, once `count` requests arrived (deliveries follow the answer). */
async function arrived(path: string, count: number, waitMs = 5000): Promise<Received[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const mine = received.filter((request) => request.path === path);
    if (mine.length >= count || Date.now() > deadline) return mine;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

type Delivery = { attempts: number; responseStatus: number | null; error: string | null; event: string; state: string };

/** A hook's deliveries once none is pending. */
async function settled(hookId: string, count: number): Promise<Delivery[]> {
  const deadline = Date.now() + 8000;
  for (;;) {
    const logs: Delivery[] = (await gh.api('GET', `/api/hooks/${hookId}/recent-logs?page_size=100`)).body;
    if ((logs.length >= count && logs.every((log) => log.state !== 'Pending')) || Date.now() > deadline) return logs;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function hook(path: string, events: string[], extra: Record<string, unknown> = {}) {
  const created = await gh.api('POST', '/api/hooks', { name: g.unique('hook'), events, config: { url: endpoint(path), headers: { 'x-tenant': 'acme' } }, ...extra });
  assert.equal(created.status, 201, created.text);
  return created.body as { id: string; signingKey: string };
}

describe('webhooks: /api/hooks', () => {
  it('creates, lists, reads, updates, re-keys and deletes a hook (Logto’s shape), and refuses bad input with 4xx', async () => {
    const created = await gh.api('POST', '/api/hooks', {
      name: 'CRM sync',
      events: ['Organization.Created', 'Organization.Created', 'Organization.Membership.Updated'],
      config: { url: 'https://crm.example.com/hooks/guildhall', headers: { Authorization: 'Bearer abc' } },
    });
    assert.equal(created.status, 201, created.text);
    const { id, signingKey, createdAt, ...rest } = created.body;
    assert.match(id, /^[0-9a-z]{21}$/);
    assert.ok(signingKey.length >= 32);
    assert.equal(typeof createdAt, 'number');
    assert.deepEqual(rest, {
      tenantId: 'default',
      name: 'CRM sync',
      event: null,
      events: ['Organization.Created', 'Organization.Membership.Updated'],
      config: { url: 'https://crm.example.com/hooks/guildhall', headers: { Authorization: 'Bearer abc' } },
      enabled: true,
    });
    assert.deepEqual((await gh.api('GET', `/api/hooks/${id}`)).body, created.body);
    assert.ok((await gh.api('GET', '/api/hooks')).body.some((row: { id: string }) => row.id === id));
    const paged = await gh.api('GET', '/api/hooks?page=1&page_size=1');
    assert.equal(paged.body.length, 1);
    const total = Number(paged.headers['total-number']);
    assert.ok(total >= 1);
    const past = await gh.api('GET', `/api/hooks?page=${total + 1}&page_size=1`);
    assert.deepEqual(past.body, []);
    assert.equal(past.headers['total-number'], String(total), 'past the last page, still the total');

    const patched = await gh.api('PATCH', `/api/hooks/${id}`, { enabled: false, events: ['Organization.Deleted'] });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.enabled, false);
    assert.deepEqual(patched.body.events, ['Organization.Deleted']);
    assert.equal(patched.body.name, 'CRM sync', 'what the body leaves out stays');
    const rekeyed = await gh.api('PATCH', `/api/hooks/${id}/signing-key`);
    assert.equal(rekeyed.status, 200);
    assert.notEqual(rekeyed.body.signingKey, signingKey);

    for (const url of ['not a url', 'ftp://example.com/x', '/relative', 'https://user:pass@example.com/']) {
      const refused = await gh.api('POST', '/api/hooks', { name: 'x', events: [], config: { url } });
      assert.equal(refused.status, 400, url);
      assert.equal(refused.body.code, 'hook.invalid_endpoint');
    }
    const unknownEvent = await gh.api('POST', '/api/hooks', { name: 'x', events: ['Organization.Exploded'], config: { url: 'https://example.com' } });
    assert.equal(unknownEvent.status, 400);
    assert.equal(unknownEvent.body.code, 'guard.invalid_input');
    assert.equal((await gh.api('PATCH', `/api/hooks/${id}`, { config: { url: 'mailto:a@example.com' } })).body.code, 'hook.invalid_endpoint');

    assert.equal((await gh.api('DELETE', `/api/hooks/${id}`)).status, 204);
    for (const [method, path] of [['GET', `/api/hooks/${id}`], ['PATCH', `/api/hooks/${id}`], ['DELETE', `/api/hooks/${id}`], ['GET', `/api/hooks/${id}/recent-logs`]] as const) {
      const missing = await gh.api(method, path, method === 'PATCH' ? {} : undefined);
      assert.equal(missing.status, 404, `${method} ${path}`);
      assert.equal(missing.body.code, 'entity.not_exists_with_id');
    }
  });

  it('sends the subscribed events, signed, with the membership delta, after the change answered', async () => {
    const subscriber = await hook('/members', ['Organization.Created', 'Organization.Membership.Updated', 'Organization.MemberRoles.Updated']);
    const [a, b, c, d] = [await g.user(), await g.user(), await g.user(), await g.user()];
    const role = await g.organizationRole();
    const organization = (await gh.api('POST', '/api/organizations', { name: g.unique('org') })).body;
    const org = `/api/organizations/${organization.id}`;
    assert.equal((await gh.api('POST', `${org}/users`, { userIds: [a.id, b.id] })).status, 201);
    assert.equal((await gh.api('POST', `${org}/users`, { userIds: [a.id, c.id] })).status, 201);
    assert.equal((await gh.api('PUT', `${org}/users`, { userIds: [c.id, d.id] })).status, 204);
    assert.equal((await gh.api('DELETE', `${org}/users/${c.id}`)).status, 204);
    assert.equal((await gh.api('PUT', `${org}/users`, { userIds: [d.id] })).status, 204);
    assert.equal((await gh.api('PUT', `${org}/users/${d.id}/roles`, { organizationRoleIds: [role.id] })).status, 204);
    assert.equal((await gh.api('PATCH', org, { description: 'not subscribed' })).status, 200);

    const requests = await arrived('/members', 7);
    assert.equal(requests.length, 7, JSON.stringify(requests.map((request) => request.body.event)));
    for (const request of requests) {
      assert.equal(request.headers['logto-signature-sha-256'], createHmac('sha256', subscriber.signingKey).update(request.raw).digest('hex'));
      assert.equal(request.headers['x-tenant'], 'acme');
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.body.hookId, subscriber.id);
      assert.ok(!Number.isNaN(Date.parse(request.body.createdAt)));
    }
    const byPath = (method: string, route: string) => requests.filter((request) => request.body.method === method && request.body.matchedRoute === route);
    const [created] = byPath('POST', '/api/organizations');
    assert.equal(created!.body.event, 'Organization.Created');
    assert.equal(created!.body.data.id, organization.id);
    assert.equal(created!.body.status, 201);

    const memberships = requests.filter((request) => request.body.event === 'Organization.Membership.Updated');
    // Deliveries run concurrently: compare as a set of deltas.
    const deltas = memberships.map(({ body }) => JSON.stringify({ method: body.method, added: body.addedUserIds, removed: body.removedUserIds?.sort() }));
    assert.deepEqual(deltas.sort(), [
      JSON.stringify({ method: 'POST', added: [a.id, b.id] }),
      JSON.stringify({ method: 'POST', added: [c.id] }),
      JSON.stringify({ method: 'PUT', added: [d.id], removed: [a.id, b.id].sort() }),
      JSON.stringify({ method: 'DELETE', removed: [c.id] }),
      JSON.stringify({ method: 'PUT' }),
    ].sort());
    for (const membership of memberships) assert.equal(membership.body.organizationId, organization.id);

    const [roles] = requests.filter((request) => request.body.event === 'Organization.MemberRoles.Updated');
    assert.deepEqual(roles!.body.params, { id: organization.id, userId: d.id });

    const logs = await settled(subscriber.id, 7);
    assert.equal(logs.length, 7);
    assert.ok(logs.every((log) => log.state === 'Delivered' && log.responseStatus === 200 && log.error === null && log.attempts === 1), JSON.stringify(logs));
  });

  it('tells each of two simultaneous replacements of a member set what it changed itself', async () => {
    await hook('/replacements', ['Organization.Membership.Updated']);
    const [a, b, c] = [await g.user(), await g.user(), await g.user()];
    const organization = (await gh.api('POST', '/api/organizations', { name: g.unique('org') })).body;
    const org = `/api/organizations/${organization.id}`;
    assert.equal((await gh.api('POST', `${org}/users`, { userIds: [a.id] })).status, 201);
    const puts = await Promise.all([gh.api('PUT', `${org}/users`, { userIds: [b.id] }), gh.api('PUT', `${org}/users`, { userIds: [c.id] })]);
    assert.deepEqual(puts.map((put) => put.status), [204, 204]);

    const events = (await arrived('/replacements', 3)).map((request) => request.body);
    assert.equal(events.length, 3);
    // Replaying the deltas from the empty organization must give its members: each change was
    // described from the state it actually changed, not from a read made before the other one.
    const count = new Map<string, number>();
    for (const event of events) {
      for (const id of event.addedUserIds ?? []) count.set(id, (count.get(id) ?? 0) + 1);
      for (const id of event.removedUserIds ?? []) count.set(id, (count.get(id) ?? 0) - 1);
    }
    const members = (await gh.api('GET', `${org}/users`)).body.map((member: { id: string }) => member.id).sort();
    assert.equal(members.length, 1, 'one replacement ran after the other');
    const replayed = [...count].filter(([, n]) => n !== 0).map(([id]) => id).sort();
    assert.deepEqual(replayed, members, JSON.stringify(events.map((event) => [event.addedUserIds, event.removedUserIds])));
    assert.ok([...count.values()].every((n) => n === 0 || n === 1), JSON.stringify([...count]));
  });

  it('tells each organization a deletion reached by cascade (users, applications, organization roles)', async () => {
    await hook('/cascades', ['Organization.Membership.Updated', 'Organization.MemberRoles.Updated']);
    const user = await g.user();
    const app = await g.m2mApp();
    const role = await g.organizationRole();
    const [one, two, untouched] = await Promise.all(
      [1, 2, 3].map(async () => (await gh.api('POST', '/api/organizations', { name: g.unique('org') })).body.id as string),
    );
    for (const id of [one, two]) assert.equal((await gh.api('POST', `/api/organizations/${id}/users`, { userIds: [user.id] })).status, 201);
    assert.equal((await gh.api('POST', `/api/organizations/${one}/applications`, { applicationIds: [app.id] })).status, 201);
    assert.equal((await gh.api('POST', `/api/organizations/${two}/users/${user.id}/roles`, { organizationRoleIds: [role.id] })).status, 201);
    const before = (await arrived('/cascades', 4)).length;
    assert.equal(before, 4, 'the memberships and the role assignment fire their own events');

    assert.equal((await gh.api('DELETE', `/api/organization-roles/${role.id}`)).status, 204);
    assert.equal((await gh.api('DELETE', `/api/users/${user.id}`)).status, 204);
    assert.equal((await gh.api('DELETE', `/api/applications/${app.id}`)).status, 204);

    const cascaded = (await arrived('/cascades', before + 4)).slice(before).map((request) => request.body);
    const summary = cascaded
      .map((body) => JSON.stringify([body.event, body.matchedRoute, body.organizationId, body.removedUserIds, body.removedApplicationIds]))
      .sort();
    assert.deepEqual(
      summary,
      [
        ['Organization.MemberRoles.Updated', '/api/organization-roles/:id', two, undefined, undefined],
        ['Organization.Membership.Updated', '/api/users/:userId', one, [user.id], undefined],
        ['Organization.Membership.Updated', '/api/users/:userId', two, [user.id], undefined],
        ['Organization.Membership.Updated', '/api/applications/:applicationId', one, undefined, [app.id]],
      ]
        .map((item) => JSON.stringify(item))
        .sort(),
    );
    assert.ok(cascaded.every((body) => body.organizationId !== untouched));
  });

  it('fires the membership event when an invitation is accepted, and a role created with permissions fires two events', async () => {
    await hook('/invitations', ['Organization.Membership.Updated', 'OrganizationRole.Created', 'OrganizationRole.Scopes.Updated']);
    const email = `${g.unique('invitee')}@example.com`;
    const user = await g.user({ primaryEmail: email });
    const organization = await g.organization();
    const invitation = (await gh.api('POST', '/api/organization-invitations', { organizationId: organization.id, invitee: email, expiresAt: Date.now() + 86_400_000 })).body;
    const accepted = await gh.api('PUT', `/api/organization-invitations/${invitation.id}/status`, { status: 'Accepted', acceptedUserId: user.id });
    assert.equal(accepted.status, 200, accepted.text);
    const scope = await g.organizationScope();
    await g.organizationRole({ organizationScopeIds: [scope.id] });

    const requests = await arrived('/invitations', 3);
    const events = requests.map((request) => request.body.event).sort();
    assert.deepEqual(events, ['Organization.Membership.Updated', 'OrganizationRole.Created', 'OrganizationRole.Scopes.Updated']);
    const joined = requests.find((request) => request.body.event === 'Organization.Membership.Updated')!;
    assert.equal(joined.body.organizationId, organization.id);
    assert.deepEqual(joined.body.addedUserIds, [user.id]);
  });

  it('follows an invitation through its life: created (for the product to send the email), revoked, deleted', async () => {
    await hook('/invitation-life', ['OrganizationInvitation.Created', 'OrganizationInvitation.Status.Updated', 'OrganizationInvitation.Deleted']);
    const organization = await g.organization();
    const email = `${g.unique('invitee')}@example.com`;
    const created = await gh.api('POST', '/api/organization-invitations', { organizationId: organization.id, invitee: email, expiresAt: Date.now() + 86_400_000 });
    assert.equal(created.status, 201, created.text);
    const id = created.body.id as string;
    const revoked = await gh.api('PUT', `/api/organization-invitations/${id}/status`, { status: 'Revoked' });
    assert.equal(revoked.status, 200, revoked.text);
    assert.equal((await gh.api('DELETE', `/api/organization-invitations/${id}`)).status, 204);

    const bodies = (await arrived('/invitation-life', 3)).map((request) => request.body);
    const byEvent = Object.fromEntries(bodies.map((body) => [body.event, body]));
    assert.deepEqual(Object.keys(byEvent).sort(), ['OrganizationInvitation.Created', 'OrganizationInvitation.Deleted', 'OrganizationInvitation.Status.Updated']);
    for (const body of bodies) assert.equal(body.organizationId, organization.id, body.event);
    const invitation = byEvent['OrganizationInvitation.Created'].data;
    assert.equal(invitation.id, id);
    assert.equal(invitation.invitee, email, 'the receiver learns whom to write to');
    assert.equal(byEvent['OrganizationInvitation.Status.Updated'].data.status, 'Revoked');
    assert.deepEqual(byEvent['OrganizationInvitation.Deleted'].params, { id });
  });

  it('sends Logto’s user, role and API permission events', async () => {
    await hook('/accounts', [
      'User.Created', 'User.Data.Updated', 'User.SuspensionStatus.Updated', 'User.Deleted',
      'Role.Created', 'Role.Data.Updated', 'Role.Scopes.Updated', 'Role.Deleted',
      'Scope.Created', 'Scope.Data.Updated', 'Scope.Deleted',
    ]);
    const created = await gh.api('POST', '/api/users', { username: g.unique('user'), password: 'a long enough password 1' });
    assert.equal(created.status, 200, created.text);
    const user = `/api/users/${created.body.id}`;
    const changes: Array<[string, string, unknown]> = [
      ['PATCH', user, { name: 'Renamed' }],
      ['PATCH', `${user}/password`, { password: 'another long password 2' }],
      ['PATCH', `${user}/is-suspended`, { isSuspended: true }],
      ['DELETE', user, undefined],
    ];
    for (const [method, path, body] of changes) assert.ok((await gh.api(method, path, body)).status < 300, `${method} ${path}`);
    const resource = (await gh.api('POST', '/api/resources', { name: g.unique('api'), indicator: `https://${g.unique('api')}.example.com` })).body;
    const scope = (await gh.api('POST', `/api/resources/${resource.id}/scopes`, { name: g.unique('read') })).body;
    const role = (await gh.api('POST', '/api/roles', { name: g.unique('role'), description: 'a role' })).body;
    const more: Array<[string, string, unknown]> = [
      ['PATCH', `/api/resources/${resource.id}/scopes/${scope.id}`, { description: 'reads' }],
      ['PATCH', `/api/roles/${role.id}`, { description: 'renamed' }],
      ['POST', `/api/roles/${role.id}/scopes`, { scopeIds: [scope.id] }],
      ['DELETE', `/api/roles/${role.id}/scopes/${scope.id}`, undefined],
      ['DELETE', `/api/roles/${role.id}`, undefined],
      ['DELETE', `/api/resources/${resource.id}/scopes/${scope.id}`, undefined],
    ];
    for (const [method, path, body] of more) {
      const answer = await gh.api(method, path, body);
      assert.ok(answer.status < 300, `${method} ${path}: ${answer.status} ${answer.text}`);
    }

    const bodies = (await arrived('/accounts', 13)).map((request) => request.body);
    assert.deepEqual(bodies.map((body) => body.event).sort(), [
      'Role.Created', 'Role.Data.Updated', 'Role.Deleted', 'Role.Scopes.Updated', 'Role.Scopes.Updated',
      'Scope.Created', 'Scope.Data.Updated', 'Scope.Deleted',
      'User.Created', 'User.Data.Updated', 'User.Data.Updated', 'User.Deleted', 'User.SuspensionStatus.Updated',
    ]);
    const userCreated = bodies.find((body) => body.event === 'User.Created')!;
    assert.equal(userCreated.data.id, created.body.id);
    assert.ok(!JSON.stringify(bodies).includes('long enough password'), 'no password in any event');
    assert.equal(bodies.find((body) => body.event === 'User.SuspensionStatus.Updated')!.data.isSuspended, true);
  });

  it('sends PostRegister and PostSignIn from the hosted pages, with the user (no password) and the application', async () => {
    await hook('/interactions', ['PostRegister', 'PostSignIn']);
    const spa = await g.application({ type: 'SPA', oidcClientMetadata: { redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [] } });
    const user = await g.user();
    const signedIn = await signInThroughPages(gh, { clientId: spa.id, challenge: pkce().challenge, identifier: user.username });
    assert.ok(signedIn.callback?.searchParams.get('code'), 'signed in');

    const session = browser(gh);
    const page = await session.follow(await session.request('GET', authorizeUrl({ clientId: spa.id, challenge: pkce().challenge })));
    assert.ok(!(page instanceof URL));
    const form = await session.request('GET', formAction(page.body, 'register'));
    const username = g.unique('newcomer');
    const registered = await session.follow(await session.request('POST', formAction(form.body, 'register'), { username, email: '', password: 'long enough pw' }));
    assert.ok(registered instanceof URL, 'registered');

    const bodies = (await arrived('/interactions', 2)).map((request) => request.body);
    const byEvent = Object.fromEntries(bodies.map((body) => [body.event, body]));
    assert.deepEqual(Object.keys(byEvent).sort(), ['PostRegister', 'PostSignIn']);
    assert.equal(byEvent.PostSignIn.interactionEvent, 'SignIn');
    assert.equal(byEvent.PostSignIn.userId, user.id);
    assert.equal(byEvent.PostSignIn.user.username, user.username);
    assert.equal(byEvent.PostSignIn.application.id, spa.id);
    assert.equal(byEvent.PostRegister.interactionEvent, 'Register');
    assert.equal(byEvent.PostRegister.user.username, username);
    assert.equal(byEvent.PostRegister.application.id, spa.id);
    for (const body of bodies) {
      assert.equal(body.user.hasPassword, true);
      assert.ok(!JSON.stringify(body).match(/digest|long enough pw|argon2/i), 'nothing of the password');
    }
  });

  it('tests an endpoint with signed samples of chosen events, and says which failed and how', async () => {
    const tested = await hook('/not-this-one', ['Organization.Created']);
    const config = { url: endpoint('/tried'), headers: { 'x-try': 'yes' } };
    const ok = await gh.api('POST', `/api/hooks/${tested.id}/test`, { events: ['Organization.Membership.Updated', 'PostSignIn'], config });
    assert.equal(ok.status, 204, ok.text);
    const samples = await arrived('/tried', 2);
    assert.deepEqual(samples.map((sample) => sample.body.event).sort(), ['Organization.Membership.Updated', 'PostSignIn']);
    for (const sample of samples) {
      assert.equal(sample.headers['logto-signature-sha-256'], createHmac('sha256', tested.signingKey).update(sample.raw).digest('hex'));
      assert.equal(sample.headers['x-try'], 'yes');
      assert.equal(sample.body.hookId, tested.id);
    }
    assert.equal(samples.find((sample) => sample.body.event === 'PostSignIn')!.body.interactionEvent, 'SignIn');
    assert.deepEqual((await gh.api('GET', `/api/hooks/${tested.id}/recent-logs?page_size=10`)).body, [], 'a test is not a delivery');

    fail = { path: '/refusing', times: 1 };
    const refused = await gh.api('POST', `/api/hooks/${tested.id}/test`, { events: ['Organization.Created'], config: { url: endpoint('/refusing') } });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.code, 'hook.endpoint_responded_with_error');
    assert.equal(refused.body.data.status, 500);
    const unreachable = await gh.api('POST', `/api/hooks/${tested.id}/test`, { events: ['Organization.Created'], config: { url: 'http://127.0.0.1:1/' } });
    assert.equal(unreachable.status, 422);
    assert.equal(unreachable.body.code, 'hook.send_test_payload_failed');

    assert.equal((await gh.api('POST', '/api/hooks/nope/test', { events: ['Organization.Created'], config })).status, 404);
    assert.equal((await gh.api('POST', `/api/hooks/${tested.id}/test`, { events: ['Organization.Created'], config: { url: 'ftp://x' } })).body.code, 'hook.invalid_endpoint');
    assert.equal((await gh.api('POST', `/api/hooks/${tested.id}/test`, { events: [], config })).status, 400);
  });

  it('retries an endpoint that fails, sends nothing to a disabled hook, and never fails the change', async () => {
    const flaky = await hook('/flaky', ['Organization.Created']);
    await hook('/disabled', ['Organization.Created'], { enabled: false });
    fail = { path: '/flaky', times: 1 };
    const created = await gh.api('POST', '/api/organizations', { name: g.unique('org') });
    assert.equal(created.status, 201, 'the endpoint’s failure is not the change’s');
    const [request] = await arrived('/flaky', 1);
    assert.equal(request!.body.data.id, created.body.id);
    assert.deepEqual(await arrived('/disabled', 1, 300), [], 'delivered together with the others, had it been enabled');

    const logs = await settled(flaky.id, 1);
    assert.deepEqual(
      logs.map(({ attempts, responseStatus, error, event, state }) => ({ attempts, responseStatus, error, event, state })),
      [{ attempts: 2, responseStatus: 200, error: null, event: 'Organization.Created', state: 'Delivered' }],
    );
  });

  it('delivers what a stopped node queued, from another node on the same database', async () => {
    const durable = await hook('/durable', ['Organization.Data.Updated']);
    const organization = await g.organization();
    const other = await buildGuildhall(gh.config, { database: gh.database });
    fail = { path: '/durable', times: 1 };
    const token = await gh.managementToken();
    const changed = await other.app.inject({
      method: 'PATCH',
      url: `/api/organizations/${organization.id}`,
      headers: { authorization: `Bearer ${token}` },
      payload: { description: 'changed on the other node' },
    });
    assert.equal(changed.statusCode, 200, changed.body);
    for (let waited = 0; !refused.includes('/durable') && waited < 5000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(refused.includes('/durable'), 'the first attempt failed');
    await other.close();
    const closedAt = Date.now();

    const [request] = await arrived('/durable', 1);
    assert.ok(request, 'delivered by the node still running');
    assert.ok(request.at >= closedAt, 'the retry came after the node that queued it had stopped');
    assert.equal(request.body.data.description, 'changed on the other node');
    const [log] = await settled(durable.id, 1);
    assert.deepEqual({ state: log!.state, attempts: log!.attempts }, { state: 'Delivered', attempts: 2 });
  });

  it('keeps the signing keys from a read-only token', async () => {
    const app = await g.m2mApp();
    assert.equal((await gh.api('POST', '/api/roles/management-m2m-read/applications', { applicationIds: [app.id] })).status, 201);
    const token = await gh.inject({
      method: 'POST',
      url: '/oidc/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: app.id, client_secret: app.secret, resource: `${gh.config.endpoint}/api`, scope: 'read' }).toString(),
    });
    assert.equal(token.statusCode, 200, token.body);
    const listed = await gh.inject({ method: 'GET', url: '/api/hooks', headers: { authorization: `Bearer ${token.json().access_token}` } });
    assert.equal(listed.statusCode, 403);
    assert.equal(listed.json().code, 'auth.forbidden');
  });
});
