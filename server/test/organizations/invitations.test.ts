import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { given } from '../support/given.ts';
import { startGuildhall } from '../support/guildhall.ts';

const gh = await startGuildhall();
const g = given(gh);
const HOUR = 3_600_000;
const email = () => `${g.unique('invitee')}@example.com`;

describe('organization invitations', () => {
  it('creates, reads, lists (filtered, newest first, optionally paged) and deletes', async () => {
    const organization = await g.organization();
    const inviter = await g.user();
    const [admin, member] = [await g.organizationRole({ name: g.unique('b-admin') }), await g.organizationRole({ name: g.unique('a-member') })];
    const invitee = email();
    const expiresAt = Date.now() + HOUR;

    const created = await gh.api('POST', '/api/organization-invitations', {
      organizationId: organization.id,
      invitee,
      expiresAt,
      inviterId: inviter.id,
      organizationRoleIds: [admin.id, member.id, admin.id],
      messagePayload: false,
    });
    assert.equal(created.status, 201, created.text);
    const invitation = created.body;
    assert.equal(invitation.tenantId, 'default');
    assert.equal(invitation.invitee, invitee);
    assert.equal(invitation.inviterId, inviter.id);
    assert.equal(invitation.acceptedUserId, null);
    assert.equal(invitation.organizationId, organization.id);
    assert.equal(invitation.status, 'Pending');
    assert.equal(invitation.expiresAt, expiresAt);
    assert.equal(typeof invitation.createdAt, 'number');
    assert.deepEqual(invitation.organizationRoles, [member, admin].map(({ id, name }) => ({ id, name })), 'roles by name, once each');

    assert.deepEqual((await gh.api('GET', `/api/organization-invitations/${invitation.id}`)).body, invitation);
    const second = (await gh.api('POST', '/api/organization-invitations', { organizationId: organization.id, invitee: email(), expiresAt })).body;
    const listed = await gh.api('GET', `/api/organization-invitations?organizationId=${organization.id}`);
    assert.deepEqual(listed.body.map((i: { id: string }) => i.id), [second.id, invitation.id], 'newest first');
    const byInvitee = await gh.api('GET', `/api/organization-invitations?invitee=${encodeURIComponent(invitee.toUpperCase())}`);
    assert.deepEqual(byInvitee.body.map((i: { id: string }) => i.id), [invitation.id], 'the invitee matches whatever its case');
    assert.deepEqual((await gh.api('GET', `/api/organization-invitations?inviterId=${inviter.id}`)).body.map((i: { id: string }) => i.id), [invitation.id]);
    const paged = await gh.api('GET', `/api/organization-invitations?organizationId=${organization.id}&page=2&page_size=1`);
    assert.deepEqual(paged.body.map((i: { id: string }) => i.id), [invitation.id]);
    assert.equal(paged.headers['total-number'], '2');

    assert.equal((await gh.api('DELETE', `/api/organization-invitations/${invitation.id}`)).status, 204);
    const gone = await gh.api('GET', `/api/organization-invitations/${invitation.id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.code, 'entity.not_found');
    assert.equal((await gh.api('DELETE', `/api/organization-invitations/${invitation.id}`)).status, 404);
  });

  it('refuses a past expiry, a member, a second pending invitation (whatever the case), unknown references and email sending', async () => {
    const organization = await g.organization();
    const invitee = email();
    const post = (body: Record<string, unknown>) => gh.api('POST', '/api/organization-invitations', { organizationId: organization.id, invitee, expiresAt: Date.now() + HOUR, ...body });

    const past = await post({ expiresAt: Date.now() - 1000 });
    assert.equal(past.status, 400);
    assert.equal(past.body.code, 'request.invalid_input');
    for (const expiresAt of [9223372036854776000, 8_640_000_000_000_001, 1.5e12 + 0.5, -1]) {
      const beyond = await post({ expiresAt });
      assert.equal(beyond.status, 400, `expiresAt ${expiresAt}: ${beyond.text}`);
      assert.equal(beyond.body.code, 'guard.invalid_input');
    }
    const notEmail = await post({ invitee: 'not an email' });
    assert.equal(notEmail.status, 400);
    assert.equal(notEmail.body.code, 'guard.invalid_input');

    const member = await g.user({ primaryEmail: email() });
    await g.membership(organization.id, member.id);
    const already = await post({ invitee: member.primaryEmail.toUpperCase() });
    assert.equal(already.status, 422);
    assert.equal(already.body.code, 'organization_invitation.already_member');

    assert.equal((await post({})).status, 201);
    const duplicate = await post({ invitee: invitee.toUpperCase() });
    assert.equal(duplicate.status, 422);
    assert.equal(duplicate.body.code, 'entity.unique_integrity_violation');

    for (const body of [{ organizationId: 'no-such-org', invitee: email() }, { invitee: email(), organizationRoleIds: ['no-such-role'] }]) {
      const refused = await post(body);
      assert.equal(refused.status, 422, JSON.stringify(body));
      assert.equal(refused.body.code, 'entity.relation_foreign_key_not_found');
    }
    const machineRole = await g.organizationRole({ type: 'MachineToMachine' });
    assert.equal((await post({ invitee: email(), organizationRoleIds: [machineRole.id] })).status, 422, 'roles for machines cannot be given to people');

    const sending = await post({ invitee: email(), messagePayload: { link: 'https://app.example.com/join' } });
    assert.equal(sending.status, 422);
    assert.equal(sending.body.code, 'connector.not_found');
    const listed = (await gh.api('GET', `/api/organization-invitations?organizationId=${organization.id}`)).body;
    assert.equal(listed.length, 1, 'nothing refused was stored');
    const resend = await gh.api('POST', `/api/organization-invitations/${listed[0].id}/message`, {});
    assert.equal(resend.body.code, 'connector.not_found');
    assert.equal((await gh.api('POST', '/api/organization-invitations/no-such-invitation/message', {})).status, 404);
  });

  it('accepts for the invited user, who joins with its roles; terminal statuses stay', async () => {
    const organization = await g.organization();
    const role = await g.organizationRole();
    const invitee = email();
    const user = await g.user({ primaryEmail: invitee.toUpperCase() });
    const stranger = await g.user({ primaryEmail: email() });
    const invitation = (
      await gh.api('POST', '/api/organization-invitations', { organizationId: organization.id, invitee, expiresAt: Date.now() + HOUR, organizationRoleIds: [role.id] })
    ).body;
    const status = (body: Record<string, unknown>) => gh.api('PUT', `/api/organization-invitations/${invitation.id}/status`, body);

    const withoutUser = await status({ status: 'Accepted' });
    assert.equal(withoutUser.status, 422);
    assert.equal(withoutUser.body.code, 'organization_invitation.accepted_user_required');
    const someoneElse = await status({ status: 'Accepted', acceptedUserId: stranger.id });
    assert.equal(someoneElse.status, 422);
    assert.equal(someoneElse.body.code, 'organization_invitation.email_mismatch');
    assert.equal((await status({ status: 'Accepted', acceptedUserId: 'no-such-user' })).status, 404);
    assert.equal((await status({ status: 'Pending' })).status, 400);

    const accepted = await status({ status: 'Accepted', acceptedUserId: user.id });
    assert.equal(accepted.status, 200, accepted.text);
    assert.equal(accepted.body.status, 'Accepted');
    assert.equal(accepted.body.acceptedUserId, user.id);
    assert.ok(accepted.body.updatedAt >= invitation.updatedAt);
    const membership = (await gh.api('GET', `/api/organizations/${organization.id}/users/${user.id}`)).body;
    assert.deepEqual(membership.organizationRoles, [{ id: role.id, name: role.name }]);
    assert.equal(membership.status, 'Active');

    for (const body of [{ status: 'Revoked' }, { status: 'Accepted', acceptedUserId: user.id }]) {
      const terminal = await status(body);
      assert.equal(terminal.status, 422);
      assert.equal(terminal.body.code, 'organization_invitation.not_pending');
    }
    // Deleting the user keeps the invitation, without them.
    assert.equal((await gh.api('DELETE', `/api/users/${user.id}`)).status, 204);
    assert.equal((await gh.api('GET', `/api/organization-invitations/${invitation.id}`)).body.acceptedUserId, null);
  });

  it('revokes; an expired invitation reads as Expired, cannot change, and gives way to a new one', async () => {
    const organization = await g.organization();
    const invitee = email();
    const post = () => gh.api('POST', '/api/organization-invitations', { organizationId: organization.id, invitee, expiresAt: Date.now() + HOUR });
    const revoked = (await post()).body;
    const answer = await gh.api('PUT', `/api/organization-invitations/${revoked.id}/status`, { status: 'Revoked' });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.status, 'Revoked');

    const pending = (await post()).body;
    assert.equal(pending.status, 'Pending', 'a revoked invitation does not block a new one');
    // Expire it as time would (the API refuses a past expiry).
    await gh.database.db.updateTable('organizationInvitations').set({ expiresAt: new Date(Date.now() - 1000) }).where('id', '=', pending.id).execute();
    assert.equal((await gh.api('GET', `/api/organization-invitations/${pending.id}`)).body.status, 'Expired');
    const late = await gh.api('PUT', `/api/organization-invitations/${pending.id}/status`, { status: 'Revoked' });
    assert.equal(late.status, 422);
    assert.equal(late.body.code, 'organization_invitation.not_pending');
    const renewed = await post();
    assert.equal(renewed.status, 201, renewed.text);
    assert.equal((await gh.api('GET', `/api/organization-invitations/${pending.id}`)).body.status, 'Expired');
  });

  it('goes with its organization, and keeps its inviter as null when they are deleted', async () => {
    const organization = await g.organization();
    const inviter = await g.user();
    const invitation = (
      await gh.api('POST', '/api/organization-invitations', { organizationId: organization.id, invitee: email(), expiresAt: Date.now() + HOUR, inviterId: inviter.id })
    ).body;
    assert.equal((await gh.api('DELETE', `/api/users/${inviter.id}`)).status, 204);
    assert.equal((await gh.api('GET', `/api/organization-invitations/${invitation.id}`)).body.inviterId, null);
    assert.equal((await gh.api('DELETE', `/api/organizations/${organization.id}`)).status, 204);
    assert.equal((await gh.api('GET', `/api/organization-invitations/${invitation.id}`)).status, 404);
  });
});
