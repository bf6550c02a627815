import { sql } from 'kysely';
import type { Executor } from '../platform/database.ts';

/**
 * The permission lookups of the token endpoint and of the organization claims. Each is one
 * round trip; they run on the token hot path, so they stay plain SQL over indexed keys.
 */

export interface OrganizationClaimRow {
  id: string;
  name: string;
  description: string | null;
  roles: string[];
}

/**
 * The active memberships of a user (oldest first) with the names of their roles in each.
 * A suspended membership is left out: it grants nothing, so claims do not advertise it.
 */
export async function listUserOrganizations(db: Executor, userId: string, limit?: number): Promise<OrganizationClaimRow[]> {
  const { rows } = await sql<OrganizationClaimRow>`
    select o.id, o.name, o.description,
      coalesce((
        select array_agg(r.name order by r.name)
        from organization_role_user_relations rr
        join organization_roles r on r.id = rr.organization_role_id
        where rr.organization_id = m.organization_id and rr.user_id = m.user_id
      ), '{}') as roles
    from organization_user_relations m
    join organizations o on o.id = m.organization_id
    where m.user_id = ${userId} and m.status = 'Active'
    order by m.joined_at, o.id
    ${limit === undefined ? sql`` : sql`limit ${limit}`}
  `.execute(db);
  return rows;
}

export interface MembershipPermissions {
  /** Undefined when the user is not a member (or the organization does not exist). */
  status: 'Active' | 'Suspended' | undefined;
  isMfaRequired: boolean;
  /** Organization permission names reachable through the member's roles in the organization. */
  scopes: string[];
}

export async function findUserOrganizationPermissions(
  db: Executor,
  userId: string,
  organizationId: string,
): Promise<MembershipPermissions> {
  const { rows } = await sql<{ status: 'Active' | 'Suspended'; isMfaRequired: boolean; scopes: string[] }>`
    select m.status, o.is_mfa_required,
      coalesce((
        select array_agg(distinct s.name)
        from organization_role_user_relations rr
        join organization_role_scope_relations rs on rs.organization_role_id = rr.organization_role_id
        join organization_scopes s on s.id = rs.organization_scope_id
        where rr.organization_id = m.organization_id and rr.user_id = m.user_id
      ), '{}') as scopes
    from organization_user_relations m
    join organizations o on o.id = m.organization_id
    where m.organization_id = ${organizationId} and m.user_id = ${userId}
  `.execute(db);
  const row = rows[0];
  return row ? row : { status: undefined, isMfaRequired: false, scopes: [] };
}

export interface ApplicationMembershipPermissions {
  isMember: boolean;
  scopes: string[];
}

/** Organization permissions of a machine-to-machine app's roles in an organization (§4.5). */
export async function findApplicationOrganizationPermissions(
  db: Executor,
  applicationId: string,
  organizationId: string,
): Promise<ApplicationMembershipPermissions> {
  const { rows } = await sql<{ scopes: string[] }>`
    select coalesce((
      select array_agg(distinct s.name)
      from organization_role_application_relations ra
      join organization_role_scope_relations rs on rs.organization_role_id = ra.organization_role_id
      join organization_scopes s on s.id = rs.organization_scope_id
      where ra.organization_id = m.organization_id and ra.application_id = m.application_id
    ), '{}') as scopes
    from organization_application_relations m
    where m.organization_id = ${organizationId} and m.application_id = ${applicationId}
  `.execute(db);
  return rows[0] ? { isMember: true, scopes: rows[0].scopes } : { isMember: false, scopes: [] };
}

/** API permissions of one resource granted through a machine-to-machine app's roles in an organization. */
export async function findApplicationOrganizationResourceScopes(
  db: Executor,
  applicationId: string,
  organizationId: string,
  resourceId: string,
): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select distinct s.name
    from organization_role_application_relations ra
    join organization_role_resource_scope_relations rs on rs.organization_role_id = ra.organization_role_id
    join scopes s on s.id = rs.scope_id
    where ra.organization_id = ${organizationId} and ra.application_id = ${applicationId} and s.resource_id = ${resourceId}
  `.execute(db);
  return rows.map((row) => row.name);
}

/**
 * API permissions of one resource that a user holds: through global roles (users_roles), plus,
 * when `organizationId` is given, through the member's roles in that organization (active
 * membership only). `allOrganizations` reproduces Logto's behaviour of adding the roles of every
 * organization to a token that names none (§4.4; off unless configured).
 */
export async function findUserResourceScopes(
  db: Executor,
  userId: string,
  resourceId: string,
  organizations: { organizationId: string } | { allOrganizations: true } | undefined,
): Promise<string[]> {
  const organizationPart =
    organizations === undefined
      ? sql``
      : sql`
        union
        select s.name
        from organization_role_user_relations rr
        join organization_user_relations m on m.organization_id = rr.organization_id and m.user_id = rr.user_id
        join organization_role_resource_scope_relations rs on rs.organization_role_id = rr.organization_role_id
        join scopes s on s.id = rs.scope_id
        where rr.user_id = ${userId} and s.resource_id = ${resourceId} and m.status = 'Active'
        ${'organizationId' in organizations ? sql`and rr.organization_id = ${organizations.organizationId}` : sql``}`;
  const { rows } = await sql<{ name: string }>`
    select s.name
    from users_roles ur
    join roles_scopes rs on rs.role_id = ur.role_id
    join scopes s on s.id = rs.scope_id
    where ur.user_id = ${userId} and s.resource_id = ${resourceId}
    ${organizationPart}
  `.execute(db);
  return rows.map((row) => row.name);
}

/** API permissions of one resource granted to a machine-to-machine app by its global roles. */
export async function findApplicationResourceScopes(db: Executor, applicationId: string, resourceId: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select distinct s.name
    from applications_roles ar
    join roles_scopes rs on rs.role_id = ar.role_id
    join scopes s on s.id = rs.scope_id
    where ar.application_id = ${applicationId} and s.resource_id = ${resourceId}
  `.execute(db);
  return rows.map((row) => row.name);
}

/** Every organization permission of the template: the scopes of `urn:logto:resource:organizations`. */
export async function listOrganizationPermissionNames(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('organizationScopes').select('name').execute();
  return rows.map((row) => row.name);
}
