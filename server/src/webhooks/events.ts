/**
 * The events webhooks can subscribe to (reference §7): Logto's organization, user, role and API
 * permission events, fired by the same Management API routes, and its sign-in events from the
 * hosted pages (deliver.ts `signedIn`); plus Guildhall's extensions (§9):
 * `Organization.MemberRoles.Updated` (Logto fires nothing when a member's roles change) and the
 * invitation lifecycle (`OrganizationInvitation.*`: with no email connector, a product sends
 * invitation emails itself when it hears of one).
 */
export const HOOK_EVENTS = [
  'Organization.Created',
  'Organization.Deleted',
  'Organization.Data.Updated',
  'Organization.Membership.Updated',
  'Organization.MemberRoles.Updated',
  'OrganizationRole.Created',
  'OrganizationRole.Deleted',
  'OrganizationRole.Data.Updated',
  'OrganizationRole.Scopes.Updated',
  'OrganizationScope.Created',
  'OrganizationScope.Deleted',
  'OrganizationScope.Data.Updated',
  'OrganizationInvitation.Created',
  'OrganizationInvitation.Status.Updated',
  'OrganizationInvitation.Deleted',
  'User.Created',
  'User.Deleted',
  'User.Data.Updated',
  'User.SuspensionStatus.Updated',
  'Role.Created',
  'Role.Deleted',
  'Role.Data.Updated',
  'Role.Scopes.Updated',
  'Scope.Created',
  'Scope.Deleted',
  'Scope.Data.Updated',
  'PostRegister',
  'PostSignIn',
] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

/** Which successful change fires which event, by method and route pattern. */
const ROUTE_EVENTS: Record<string, HookEvent> = {
  'POST /api/organizations': 'Organization.Created',
  'DELETE /api/organizations/:id': 'Organization.Deleted',
  'PATCH /api/organizations/:id': 'Organization.Data.Updated',
  'POST /api/organizations/:id/users': 'Organization.Membership.Updated',
  'PUT /api/organizations/:id/users': 'Organization.Membership.Updated',
  'DELETE /api/organizations/:id/users/:userId': 'Organization.Membership.Updated',
  'POST /api/organizations/:id/applications': 'Organization.Membership.Updated',
  'PUT /api/organizations/:id/applications': 'Organization.Membership.Updated',
  'DELETE /api/organizations/:id/applications/:applicationId': 'Organization.Membership.Updated',
  'POST /api/organizations/:id/users/roles': 'Organization.MemberRoles.Updated',
  'POST /api/organizations/:id/users/:userId/roles': 'Organization.MemberRoles.Updated',
  'PUT /api/organizations/:id/users/:userId/roles': 'Organization.MemberRoles.Updated',
  'DELETE /api/organizations/:id/users/:userId/roles/:organizationRoleId': 'Organization.MemberRoles.Updated',
  'POST /api/organizations/:id/applications/roles': 'Organization.MemberRoles.Updated',
  'POST /api/organizations/:id/applications/:applicationId/roles': 'Organization.MemberRoles.Updated',
  'PUT /api/organizations/:id/applications/:applicationId/roles': 'Organization.MemberRoles.Updated',
  'DELETE /api/organizations/:id/applications/:applicationId/roles/:organizationRoleId': 'Organization.MemberRoles.Updated',
  'POST /api/organization-roles': 'OrganizationRole.Created',
  'DELETE /api/organization-roles/:id': 'OrganizationRole.Deleted',
  'PATCH /api/organization-roles/:id': 'OrganizationRole.Data.Updated',
  'POST /api/organization-roles/:id/scopes': 'OrganizationRole.Scopes.Updated',
  'PUT /api/organization-roles/:id/scopes': 'OrganizationRole.Scopes.Updated',
  'DELETE /api/organization-roles/:id/scopes/:organizationScopeId': 'OrganizationRole.Scopes.Updated',
  'POST /api/organization-scopes': 'OrganizationScope.Created',
  'DELETE /api/organization-scopes/:id': 'OrganizationScope.Deleted',
  'PATCH /api/organization-scopes/:id': 'OrganizationScope.Data.Updated',
  'POST /api/organization-invitations': 'OrganizationInvitation.Created',
  'PUT /api/organization-invitations/:id/status': 'OrganizationInvitation.Status.Updated',
  'DELETE /api/organization-invitations/:id': 'OrganizationInvitation.Deleted',
  'POST /api/users': 'User.Created',
  'DELETE /api/users/:userId': 'User.Deleted',
  'PATCH /api/users/:userId': 'User.Data.Updated',
  'PATCH /api/users/:userId/password': 'User.Data.Updated',
  'PATCH /api/users/:userId/is-suspended': 'User.SuspensionStatus.Updated',
  'POST /api/roles': 'Role.Created',
  'DELETE /api/roles/:id': 'Role.Deleted',
  'PATCH /api/roles/:id': 'Role.Data.Updated',
  'POST /api/roles/:id/scopes': 'Role.Scopes.Updated',
  'PUT /api/roles/:id/scopes': 'Role.Scopes.Updated',
  'DELETE /api/roles/:id/scopes/:scopeId': 'Role.Scopes.Updated',
  'POST /api/resources/:resourceId/scopes': 'Scope.Created',
  'DELETE /api/resources/:resourceId/scopes/:scopeId': 'Scope.Deleted',
  'PATCH /api/resources/:resourceId/scopes/:scopeId': 'Scope.Data.Updated',
};

/** The events a successful change fires (usually one; creating a role with permissions fires two). */
export function eventsOf(method: string, route: string, body: unknown): HookEvent[] {
  const event = ROUTE_EVENTS[`${method} ${route}`];
  const events: HookEvent[] = event ? [event] : [];
  if (event === 'OrganizationRole.Created' && hasItems(body, 'organizationScopeIds')) events.push('OrganizationRole.Scopes.Updated');
  if (method === 'PUT' && route === '/api/organization-invitations/:id/status' && field(body, 'status') === 'Accepted') {
    events.push('Organization.Membership.Updated');
  }
  return events;
}

const field = (body: unknown, key: string): unknown => (body && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined);
const hasItems = (body: unknown, key: string) => {
  const value = field(body, key);
  return Array.isArray(value) && value.length > 0;
};
