import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { expect } from './support/expect.ts';
import { startConsole } from './support/console.ts';

const { gh, page, origin, screenshot } = await startConsole();
const nav = (name: string) => page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name, exact: true });
const ADMIN = { username: 'admin', password: 'correct horse battery staple' };

let resourceScopeName = 'read:invoices';
let organizationId = '';
const people: Record<string, { id: string }> = {};

describe('the Console, end to end', () => {
  it('offers to create the first administrator, then signs them in with OpenID Connect', async () => {
    await page.goto('/console');
    await page.waitForURL('**/console/setup');
    await page.getByRole('heading', { name: 'Welcome to Guildhall' }).waitFor();
    await screenshot('01-first-administrator');
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel(/^Password/).fill(ADMIN.password);
    await page.getByLabel('Repeat the password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByRole('heading', { name: 'Your administrator account is ready' }).waitFor();

    // The setup page is gone for good.
    const status = await gh.inject({ method: 'GET', url: '/console-setup' });
    assert.equal(status.statusCode, 409);

    await page.getByRole('button', { name: 'Continue to sign in' }).click();
    await page.waitForURL(/\/sign-in\//);
    await page.locator('#identifier').fill(ADMIN.username);
    await page.locator('#password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/console/organizations');
    await page.getByRole('heading', { name: 'No organizations yet' }).waitFor();
  });

  it('creates an organization permission and a role holding both kinds of permissions', async () => {
    // An API resource with a permission, and two users, as fixtures through the Management API.
    const resource = await gh.api('POST', '/api/resources', { name: 'Invoices API', indicator: 'https://invoices.example.com' });
    assert.equal(resource.status, 201, resource.text);
    const scope = await gh.api('POST', `/api/resources/${resource.body.id}/scopes`, { name: resourceScopeName, description: 'Read invoices' });
    assert.equal(scope.status, 201, scope.text);
    for (const [username, name] of [['ada', 'Ada Lovelace'], ['ben', 'Ben Okafor']] as const) {
      const user = await gh.api('POST', '/api/users', { username, name, primaryEmail: `${username}@example.com`, password: 'correct horse battery' });
      assert.equal(user.status, 200, user.text);
      people[username] = user.body;
    }

    await nav('Organization template').click();
    await page.getByRole('tab', { name: 'Organization permissions' }).click();
    await page.getByRole('button', { name: 'Create organization permission' }).first().click();
    const permission = page.getByRole('dialog', { name: 'Create organization permission' });
    await permission.getByLabel('Permission name').fill('invite:member');
    await permission.getByLabel('Description').fill('Invite people to the organization');
    await permission.getByRole('button', { name: 'Create permission' }).click();
    await page.getByRole('row', { name: /invite:member/ }).waitFor();
    await screenshot('02-organization-permissions');

    await page.getByRole('tab', { name: 'Organization roles' }).click();
    await page.getByRole('button', { name: 'Create organization role' }).first().click();
    const createRole = page.getByRole('dialog', { name: 'Create organization role' });
    await createRole.getByLabel('Role name').fill('admin');
    await createRole.getByLabel('Description').fill('Runs the organization');
    await createRole.getByRole('button', { name: 'Create role' }).click();
    const assign = page.getByRole('dialog', { name: /Assign permissions to admin/ });
    await assign.getByLabel('invite:member').check();
    await assign.getByRole('tab', { name: /API permissions/ }).click();
    await assign.getByLabel(resourceScopeName).check();
    await assign.getByRole('button', { name: 'Assign 2 permissions' }).click();
    await page.waitForURL(/organization-template\/roles\/[^/]+\/permissions/);
    await page.getByRole('row', { name: /invite:member.*Organization permission/ }).waitFor();
    await page.getByRole('row', { name: /read:invoices.*API permission · Invoices API/ }).waitFor();
    await screenshot('03-organization-role');

    const roles = await gh.api('GET', '/api/organization-roles?q=admin');
    assert.equal(roles.body[0].name, 'admin');
    assert.deepEqual(roles.body[0].scopes.map((s: { name: string }) => s.name), ['invite:member']);
    assert.deepEqual(roles.body[0].resourceScopes.map((s: { name: string }) => s.name), [resourceScopeName]);

    // Which organization claims ID tokens carry: switched on and off again.
    await nav('Organization template').click();
    await page.getByRole('tab', { name: 'ID token claims' }).click();
    const data = page.getByRole('switch', { name: 'organization_data' });
    await expect(data).not.toBeChecked();
    await expect(page.getByRole('switch', { name: 'organization_roles' })).toBeChecked();
    await data.check();
    await page.getByRole('button', { name: 'Save claims' }).click();
    await page.getByText('ID token claims saved.').waitFor();
    await screenshot('03b-id-token-claims');
    const claims = await gh.api('GET', '/api/configs/id-token');
    assert.deepEqual(claims.body.enabledExtendedClaims, ['roles', 'organizations', 'organization_data', 'organization_roles']);
    await data.uncheck();
    await page.getByRole('button', { name: 'Save claims' }).click();
    await expect(page.getByRole('button', { name: 'Save claims' })).toBeDisabled();
    assert.deepEqual((await gh.api('GET', '/api/configs/id-token')).body.enabledExtendedClaims, ['roles', 'organizations', 'organization_roles']);

    // A second role, to change to later.
    const viewer = await gh.api('POST', '/api/organization-roles', { name: 'viewer', description: 'Reads only' });
    assert.equal(viewer.status, 201, viewer.text);
  });

  it('creates an organization and validates its custom data', async () => {
    await nav('Organizations').click();
    await page.getByRole('button', { name: 'Create organization' }).first().click();
    const create = page.getByRole('dialog', { name: 'Create organization' });
    await create.getByLabel('Name').fill('Acme Corporation');
    await create.getByLabel('Description').fill('Our first customer');
    await create.getByRole('button', { name: 'Create organization' }).click();
    await page.waitForURL(/\/console\/organizations\/[0-9a-z]+\/settings/);
    organizationId = new URL(page.url()).pathname.split('/')[3]!;

    const customData = page.getByLabel('Custom data');
    await customData.fill('[1, 2]');
    await page.getByText('Custom data must be a JSON object').waitFor();
    await expect(page.getByRole('button', { name: 'Save changes' })).toBeDisabled();
    await customData.fill('{"plan": "enterprise"}');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('All changes saved.').waitFor();
    await screenshot('04-organization-settings');
    const organization = await gh.api('GET', `/api/organizations/${organizationId}`);
    assert.deepEqual(organization.body.customData, { plan: 'enterprise' });
  });

  it('sets just-in-time email domains and default roles, and shows why a domain is refused', async () => {
    const domains = page.getByRole('combobox', { name: 'Email domains' });
    await domains.fill('@acme.example');
    await domains.press('Enter');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('`@acme.example` is not a domain name').waitFor();
    await domains.press('Backspace');
    await domains.fill('Acme.Example');
    await domains.press('Enter');
    await page.getByRole('combobox', { name: 'Default roles' }).click();
    await page.getByRole('option', { name: 'viewer' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('All changes saved.').waitFor();
    await screenshot('04b-just-in-time-provisioning');

    const stored = await gh.api('GET', `/api/organizations/${organizationId}/jit/email-domains`);
    assert.deepEqual(stored.body.map((row: { emailDomain: string }) => row.emailDomain), ['acme.example']);
    const roles = await gh.api('GET', `/api/organizations/${organizationId}/jit/roles`);
    assert.deepEqual(roles.body.map((role: { name: string }) => role.name), ['viewer']);
    await page.reload();
    await page.getByText('acme.example', { exact: true }).waitFor();
  });

  it('adds two members with a role, changes a role, and suspends a member', async () => {
    await page.getByRole('tab', { name: 'Members' }).click();
    await page.getByRole('button', { name: 'Add members' }).first().click();
    const dialog = page.getByRole('dialog', { name: /Add members to Acme Corporation/ });
    await dialog.getByRole('checkbox', { name: 'Ada Lovelace' }).click();
    await dialog.getByRole('checkbox', { name: 'Ben Okafor' }).click();
    // The administrator exists too, and is listed; existing members would not be.
    await dialog.getByLabel('Give them these organization roles').click();
    await page.getByRole('option', { name: 'admin' }).click();
    await page.keyboard.press('Tab');
    await dialog.getByRole('button', { name: 'Add 2 members' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const ada = page.getByRole('row', { name: /Ada Lovelace/ });
    const ben = page.getByRole('row', { name: /Ben Okafor/ });
    await expect(ada).toContainText('admin');
    await expect(ben).toContainText('admin');
    await screenshot('05-organization-members');

    // The picker now hides both members.
    await page.getByRole('button', { name: 'Add members' }).first().click();
    await expect(dialog.getByRole('checkbox', { name: 'Ada Lovelace' })).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await ben.getByRole('button', { name: 'Actions for Ben Okafor' }).click();
    await page.getByRole('menuitem', { name: 'Edit roles' }).click();
    const roles = page.getByRole('dialog', { name: /Roles of Ben Okafor/ });
    await roles.getByLabel('Organization roles').click();
    await page.getByRole('option', { name: 'admin' }).click();
    await page.getByRole('option', { name: 'viewer' }).click();
    await page.keyboard.press('Tab');
    await roles.getByRole('button', { name: 'Save roles' }).click();
    await roles.waitFor({ state: 'hidden' });
    await expect(ben).toContainText('viewer');
    await expect(ben).not.toContainText('admin');

    await ada.getByRole('button', { name: 'Actions for Ada Lovelace' }).click();
    await page.getByRole('menuitem', { name: 'Suspend membership' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Suspend membership' }).click();
    await expect(ada).toContainText('Suspended');

    const membership = await gh.api('GET', `/api/organizations/${organizationId}/users/${people.ada!.id}`);
    assert.equal(membership.body.status, 'Suspended');
    const benRoles = await gh.api('GET', `/api/organizations/${organizationId}/users/${people.ben!.id}/roles`);
    assert.deepEqual(benRoles.body.map((role: { name: string }) => role.name), ['viewer']);

    // Tablet width: the same page stays usable (navigation behind the menu button).
    await page.setViewportSize({ width: 800, height: 900 });
    await expect(page.getByRole('button', { name: 'Toggle navigation' })).toBeVisible();
    await screenshot('06-members-at-800px');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("shows who changed what in the organization's audit log", async () => {
    await page.getByRole('tab', { name: 'Audit log' }).click();
    const log = page.getByRole('table', { name: 'Audit log' });
    const latest = log.getByRole('row').nth(1);
    await expect(latest).toContainText('Changed a membership');
    await expect(latest).toContainText('A person, through');
    await expect(latest.getByRole('link', { name: ADMIN.username })).toBeVisible();
    await expect(log.locator('tr[data-change="Set a member\'s roles"]')).toHaveCount(1);
    await expect(log.locator('tr[data-change="Created the organization"]')).toHaveCount(1);
    await latest.getByRole('button', { name: /^Details of/ }).click();
    await expect(page.getByLabel('Request body')).toContainText('"status": "Suspended"');
    await screenshot('06b-organization-audit-log');

    const [entry] = (await gh.api('GET', `/api/organizations/${organizationId}/audit-logs?page_size=1`)).body;
    const administrator = (await gh.api('GET', `/api/users?search=${ADMIN.username}`)).body.find(
      (user: { username: string }) => user.username === ADMIN.username,
    );
    assert.equal(entry.actor.type, 'User');
    assert.equal(entry.actor.id, administrator.id, 'the person signed in to the Console');
    assert.equal(entry.route, '/api/organizations/:id/users/:userId');

    // Every change, the template's too, on the Audit log page; each links its organization.
    await nav('Audit log').click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    const all = page.getByRole('table', { name: 'Audit log' });
    await expect(all.locator('tr[data-change="Created an organization role"]').first()).toBeVisible();
    await screenshot('06c-audit-log');
    await all.locator('tr[data-change="Changed a membership"]').getByRole('link', { name: organizationId }).click();
    await page.waitForURL(`**/console/organizations/${organizationId}/audit-log`);
    await page.getByRole('tab', { name: 'Members' }).click();
    await page.getByRole('row', { name: /Ben Okafor/ }).waitFor();
  });

  it("shows the organization and the member's roles on the user's page", async () => {
    await page.getByRole('row', { name: /Ben Okafor/ }).getByRole('link').first().click();
    await page.waitForURL(/\/console\/users\/[0-9a-z]+\/profile/);
    await page.getByRole('tab', { name: 'Organizations' }).click();
    const row = page.getByRole('row', { name: /Acme Corporation/ });
    await expect(row).toContainText('viewer');
    await expect(row).toContainText('Active');
    await screenshot('07-user-organizations');
  });

  it('invites someone by email with a role, and revokes the invitation', async () => {
    await page.goto(`/console/organizations/${organizationId}/invitations`);
    const form = page.getByRole('form', { name: 'Invite by email' });
    await form.getByLabel('Email address').fill('carol@example.com');
    await form.getByLabel('Roles').click();
    await page.getByRole('option', { name: 'viewer' }).click();
    await page.keyboard.press('Escape');
    await form.getByRole('button', { name: 'Invite' }).click();
    const row = page.getByRole('row', { name: /carol@example\.com/ });
    await expect(row).toContainText('Pending');
    await expect(row).toContainText('viewer');
    await screenshot('07b-organization-invitations');
    const [invitation] = (await gh.api('GET', `/api/organization-invitations?organizationId=${organizationId}`)).body;
    assert.equal(invitation.invitee, 'carol@example.com');
    assert.deepEqual(invitation.organizationRoles.map((role: { name: string }) => role.name), ['viewer']);
    assert.ok(invitation.expiresAt > Date.now() + 6 * 86_400_000, 'valid for 7 days by default');

    await row.getByRole('button', { name: 'Revoke the invitation of carol@example.com' }).click();
    await expect(row).toContainText('Revoked');
    assert.equal((await gh.api('GET', `/api/organization-invitations/${invitation.id}`)).body.status, 'Revoked');
  });

  it('makes a second administrator, who signs in, sees the organizations, and cannot remove the last administrator', async () => {
    // Alone, the first administrator cannot step down.
    const self = await gh.api('GET', `/api/users?search=${ADMIN.username}`);
    await page.goto(`/console/users/${self.body[0].id}/profile`);
    await page.getByText('You are the only administrator').waitFor();
    await expect(page.getByRole('button', { name: 'Remove administrator access' })).toBeDisabled();

    await nav('Users').click();
    await page.getByRole('link', { name: /Ada Lovelace/ }).click();
    await page.getByRole('button', { name: 'Make administrator' }).click();
    await page.getByRole('dialog', { name: /Make Ada Lovelace an administrator/ }).getByRole('button', { name: 'Make administrator' }).click();
    await page.getByRole('button', { name: 'Remove administrator access' }).waitFor();
    await screenshot('09-user-administrator');
    const administrators = await gh.api('GET', '/api/roles/admin/users');
    assert.deepEqual(administrators.body.map((user: { username: string }) => user.username).sort(), ['ada', ADMIN.username]);

    await nav('Users').click();
    await page.locator('label').filter({ hasText: /^Administrators$/ }).click();
    await expect(page.getByRole('table', { name: 'Users' }).getByRole('row')).toHaveCount(3);
    await screenshot('10-administrators');

    const signInAs = async (username: string) => {
      // Guildhall may ask to confirm the sign-out (RP-initiated logout) before the sign-in page.
      await page.waitForURL(/\/sign-in\/|\/oidc\/session\/end/);
      const confirmSignOut = page.getByRole('button', { name: /sign out|yes/i });
      if (page.url().includes('/oidc/session/end') && (await confirmSignOut.count())) await confirmSignOut.first().click();
      await page.waitForURL(/\/sign-in\//);
      await page.locator('#identifier').fill(username);
      await page.locator('#password').fill('correct horse battery');
      await page.getByRole('button', { name: 'Sign in' }).click();
    };
    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();

    // Ben is no administrator: he can sign in, and is told why he cannot go further.
    await signInAs('ben');
    await page.getByRole('heading', { name: 'This account cannot administer Guildhall' }).waitFor();
    await screenshot('18-not-an-administrator');
    await page.getByRole('button', { name: 'Sign out' }).click();

    // Ada signs in with her own account and administers Guildhall.
    await signInAs('ada');
    await page.waitForURL('**/console/organizations');
    await page.getByRole('row', { name: /Acme Corporation/ }).waitFor();
    await expect(page.getByRole('button', { name: 'Account menu' })).toContainText('Ada Lovelace');

    // Ada removes the first administrator; now she is the last one and cannot leave.
    await page.goto(`/console/users/${self.body[0].id}/profile`);
    await page.getByRole('button', { name: 'Remove administrator access' }).click();
    await page.getByRole('dialog', { name: /Remove .* as administrator/ }).getByRole('button', { name: 'Remove administrator access' }).click();
    await page.getByRole('button', { name: 'Make administrator' }).waitFor();
    await page.goto(`/console/users/${people.ada!.id}/profile`);
    await page.getByText('You are the only administrator').waitFor();
    await expect(page.getByRole('button', { name: 'Remove administrator access' })).toBeDisabled();
    const refused = await gh.api('DELETE', `/api/users/${people.ada!.id}/roles/admin`);
    assert.equal(refused.status, 422);
    assert.equal(refused.body.code, 'console.last_administrator');
  });

  it('creates a machine-to-machine app with the keyboard and shows its secret once', async () => {
    await nav('Applications').click();
    await page.getByRole('button', { name: 'Create application' }).first().click();
    const create = page.getByRole('dialog', { name: 'Create application' });
    // Focus starts in the form, and Enter submits it.
    await expect(create.getByLabel('Name')).toBeFocused();
    await page.keyboard.type('Billing sync');
    await page.keyboard.press('Enter');
    const ready = page.getByRole('dialog', { name: 'Billing sync is ready' });
    await expect(ready).toContainText('only time the Console shows this secret');
    await screenshot('11-application-secret');
    await ready.getByRole('button', { name: 'I have stored the secret' }).click();
    await page.waitForURL(/\/console\/applications\/[0-9a-z]+$/);
    await page.getByRole('button', { name: 'Grant Management API access' }).click();
    await page.getByText('Granted', { exact: true }).waitFor();
    await screenshot('12-application');
  });

  it('adds the machine-to-machine app to the organization with a role, then removes it', async () => {
    const role = await gh.api('POST', '/api/organization-roles', { name: 'sync', type: 'MachineToMachine' });
    assert.equal(role.status, 201);
    await page.goto(`/console/organizations/${organizationId}/apps`);
    await page.getByRole('heading', { name: 'No machine-to-machine apps' }).waitFor();
    await page.getByRole('button', { name: 'Add apps' }).first().click();
    const dialog = page.getByRole('dialog', { name: /Add apps to Acme Corporation/ });
    await dialog.getByRole('checkbox', { name: 'Billing sync' }).click();
    await dialog.getByLabel('Give them these organization roles').click();
    await page.getByRole('option', { name: 'sync' }).click();
    await page.keyboard.press('Tab');
    await dialog.getByRole('button', { name: 'Add app', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    const app = page.getByRole('table', { name: 'Machine-to-machine apps' }).getByRole('row', { name: /Billing sync/ });
    await expect(app).toContainText('sync');
    await screenshot('18-organization-apps');
    const [billing] = (await gh.api('GET', `/api/organizations/${organizationId}/applications`)).body;
    assert.deepEqual(billing.organizationRoles.map((r: { name: string }) => r.name), ['sync']);

    await app.getByRole('button', { name: 'Actions for Billing sync' }).click();
    await page.getByRole('menuitem', { name: 'Remove from organization' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove app' }).click();
    await page.getByRole('heading', { name: 'No machine-to-machine apps' }).waitFor();
    assert.deepEqual((await gh.api('GET', `/api/organizations/${organizationId}/applications`)).body, []);
  });

  it('creates a third-party web app and grants it one organization of a person', async () => {
    await nav('Applications').click();
    await page.getByRole('button', { name: 'Create application' }).first().click();
    const create = page.getByRole('dialog', { name: 'Create application' });
    await create.getByText('Web app', { exact: true }).click();
    await create.getByLabel('Name').fill('Partner CRM');
    await create.getByLabel('Redirect URI').fill('https://crm.example.com/callback');
    await create.getByLabel('Third-party app').check();
    await create.getByRole('button', { name: 'Create application' }).click();
    await page.getByRole('dialog', { name: 'Partner CRM is ready' }).getByRole('button', { name: 'I have stored the secret' }).click();
    await page.waitForURL(/\/console\/applications\/[0-9a-z]+$/);
    const applicationId = new URL(page.url()).pathname.split('/').pop()!;
    await expect(page.getByText('Third-party', { exact: true })).toBeVisible();
    assert.equal((await gh.api('GET', `/api/applications/${applicationId}`)).body.isThirdParty, true);

    // What it may ask people for: the organizations scope, one organization permission and one
    // API permission in organization tokens.
    const mayAsk = page.getByRole('region', { name: 'What it may ask for' });
    const organizationsScope = mayAsk.getByRole('checkbox', { name: 'Organizations', exact: true });
    await expect(organizationsScope).not.toBeChecked();
    await organizationsScope.check();
    await expect(organizationsScope).toBeChecked();
    await mayAsk.getByLabel('Organization permissions', { exact: true }).click();
    await page.getByRole('option', { name: 'invite:member' }).click();
    await page.keyboard.press('Escape');
    await mayAsk.getByLabel('API permissions in an organization', { exact: true }).click();
    await page.getByRole('option', { name: resourceScopeName }).click();
    await page.keyboard.press('Escape');
    await expect(mayAsk.getByText(resourceScopeName)).toBeVisible();
    await screenshot('18-application-consent-scopes');
    const consentScopes = `/api/applications/${applicationId}/user-consent-scopes`;
    const allowed = (await gh.api('GET', consentScopes)).body;
    assert.deepEqual(allowed.userScopes, ['urn:logto:scope:organizations']);
    assert.deepEqual(allowed.organizationScopes.map((scope: { name: string }) => scope.name), ['invite:member']);
    assert.deepEqual(allowed.organizationResourceScopes.map((group: { scopes: Array<{ name: string }> }) => group.scopes.map((scope) => scope.name)), [[resourceScopeName]]);
    assert.deepEqual(allowed.resourceScopes, []);
    await organizationsScope.uncheck();
    await expect(organizationsScope).not.toBeChecked();
    assert.deepEqual((await gh.api('GET', consentScopes)).body.userScopes, []);

    // Who may sign in: only the members of Acme Corporation, then anyone again.
    const signIn = page.getByRole('region', { name: 'Who may sign in' });
    await signIn.getByLabel('Members of an organization').fill('Acme');
    await page.getByRole('option', { name: 'Acme Corporation' }).click();
    await expect(signIn.getByText('Restricted', { exact: true })).toBeVisible();
    await expect(signIn.getByLabel('Organizations whose members may sign in').getByText('Acme Corporation')).toBeVisible();
    await screenshot('18b-application-access-control');
    const accessControl = `/api/applications/${applicationId}/access-control`;
    assert.deepEqual((await gh.api('GET', accessControl)).body.organizationIds, [organizationId]);
    await signIn.getByRole('button', { name: 'Remove every rule' }).click();
    await expect(signIn.getByText('Restricted', { exact: true })).toHaveCount(0);
    assert.deepEqual((await gh.api('GET', accessControl)).body, { userIds: [], userRoleIds: [], organizationIds: [], organizationRoleRules: [] });

    await page.getByPlaceholder('Find a person by name, username or email').last().fill('Ben');
    await page.getByRole('listitem').filter({ hasText: 'Ben Okafor' }).click();
    const access = page.getByLabel('Access to Acme Corporation');
    await expect(access).not.toBeChecked();
    await access.click();
    await expect(access).toBeChecked();
    await screenshot('19-application-organization-access');
    const consents = `/api/applications/${applicationId}/users/${people.ben!.id}/consent-organizations`;
    assert.deepEqual((await gh.api('GET', consents)).body.organizations.map((o: { id: string }) => o.id), [organizationId]);

    await access.click();
    await expect(access).not.toBeChecked();
    assert.deepEqual((await gh.api('GET', consents)).body.organizations, []);
  });

  it('shows the server’s message when something is missing, and every page fits a tablet', async () => {
    await page.goto('/console/organizations/doesnotexist/settings');
    await page.getByRole('alert').getByText('The organization with ID `doesnotexist` does not exist.').waitFor();
    await page.goto('/console/no-such-page');
    await page.getByRole('heading', { name: 'This page does not exist' }).waitFor();

    await page.setViewportSize({ width: 800, height: 900 });
    const pages: Array<[string, string, RegExp | string]> = [
      ['13-organizations-800px', '/console/organizations', 'Acme Corporation'],
      ['14-template-800px', '/console/organization-template/roles', 'viewer'],
      ['15-api-resources-800px', '/console/api-resources', 'Invoices API'],
      ['16-users-800px', '/console/users', 'Ben Okafor'],
      ['17-applications-800px', '/console/applications', 'Billing sync'],
    ];
    for (const [name, url, text] of pages) {
      await page.goto(url);
      await page.getByRole('table').getByText(text).first().waitFor();
      // Nothing spills sideways: the page scrolls vertically only.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${url} overflows by ${overflow}px at 800px`);
      await screenshot(name);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('creates a webhook that is told when members change, and shows its deliveries', async () => {
    const received: Array<{ headers: http.IncomingHttpHeaders; body: any }> = [];
    const receiver = http.createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk) => (raw += chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: JSON.parse(raw) });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      await nav('Webhooks').click();
      await page.getByRole('heading', { name: 'No webhooks' }).waitFor();
      const form = page.getByRole('form', { name: 'Create a webhook' });
      await form.getByLabel('Name').fill('Product sync');
      await form.getByLabel('Endpoint URL').fill(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/guildhall`);
      await form.getByLabel('Events').click();
      await page.getByRole('option', { name: 'Members joined or left' }).click();
      await page.keyboard.press('Escape');
      await form.getByRole('button', { name: 'Create webhook' }).click();
      const row = page.getByRole('row', { name: /Product sync/ });
      await expect(row).toContainText('Members joined or left');

      const newcomer = (await gh.api('POST', '/api/users', { username: 'webhook-newcomer', password: 'correct horse battery' })).body;
      assert.equal((await gh.api('POST', `/api/organizations/${organizationId}/users`, { userIds: [newcomer.id] })).status, 201);
      for (let waited = 0; received.length === 0 && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(received.length, 1);
      assert.equal(received[0]!.body.event, 'Organization.Membership.Updated');
      assert.deepEqual(received[0]!.body.addedUserIds, [newcomer.id]);
      assert.equal(typeof received[0]!.headers['logto-signature-sha-256'], 'string');

      // The outcome is recorded just after the endpoint answered.
      for (let waited = 0; waited < 5000; waited += 50) {
        const [log] = (await gh.api('GET', `/api/hooks/${received[0]!.body.hookId}/recent-logs`)).body;
        if (log?.state === 'Delivered') break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await row.getByRole('button', { name: 'Deliveries' }).click();
      await expect(page.getByRole('table', { name: 'Recent deliveries' })).toContainText('Delivered (200)');
      await screenshot('08b-webhooks');
      // A test sends a signed sample of each of the hook's events, outside the deliveries.
      await row.getByRole('button', { name: 'Send test' }).click();
      await page.getByText('The endpoint of “Product sync” answered a signed sample of each of its events.').waitFor();
      assert.equal(received.length, 2);
      assert.equal(received[1]!.body.event, 'Organization.Membership.Updated');
      await row.getByRole('switch', { name: 'Product sync enabled' }).click({ force: true });
      await expect(row.getByRole('switch', { name: 'Product sync enabled' })).not.toBeChecked();
      const hookId = received[0]!.body.hookId as string;
      const keyBefore = (await gh.api('GET', `/api/hooks/${hookId}`)).body.signingKey;
      await row.getByRole('button', { name: 'Replace key' }).click();
      const confirm = page.getByRole('dialog', { name: /Replace the signing key of “Product sync”/ });
      await confirm.getByRole('button', { name: 'Replace key' }).click();
      await confirm.waitFor({ state: 'hidden' });
      assert.notEqual((await gh.api('GET', `/api/hooks/${hookId}`)).body.signingKey, keyBefore);
      assert.equal((await gh.api('DELETE', `/api/organizations/${organizationId}/users/${newcomer.id}`)).status, 204);
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });

  it('lists the organization with its member count, and deletes it after confirmation', async () => {
    await nav('Organizations').click();
    const row = page.getByRole('row', { name: /Acme Corporation/ });
    await expect(row).toContainText('2');
    await screenshot('08-organizations');
    await row.getByRole('link', { name: 'Acme Corporation' }).click();
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Delete organization' }).click();
    const confirm = page.getByRole('dialog', { name: /Delete “Acme Corporation”/ });
    await expect(confirm).toContainText('loses its membership');
    await expect(confirm.getByRole('button', { name: 'Delete organization' })).toBeDisabled();
    await confirm.getByRole('textbox').fill('Acme Corporation');
    await confirm.getByRole('button', { name: 'Delete organization' }).click();
    await page.waitForURL('**/console/organizations');
    await page.getByRole('heading', { name: 'No organizations yet' }).waitFor();
    assert.equal((await gh.api('GET', `/api/organizations/${organizationId}`)).status, 404);
    assert.ok(origin.startsWith('http://127.0.0.1:'));
  });
});
