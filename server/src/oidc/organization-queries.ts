import { sql } from 'kysely';
import type { Executor } from '../platform/database.ts';
import { enabledIdTokenClaimsSql, type ExtendedIdTokenClaim } from '../configs/id-token.ts';
import { run, statement } from './statements.ts';

/**
 * The permission lookups of the token endpoint and of the organization claims. Each is one
 * round trip; those on the token hot path are fixed statements (statements.ts), prepared: plain
 * SQL over indexed keys, parsed and planned once per connection.
 */

export interface OrganizationClaimRow {
  id: string;
  name: string;
  description: string | null;
  roles: string[];
}

/** The user's active memberships, oldest first, with role names; `limit` null lists them all. */
const userOrganizationsSql = (onlyConsented: boolean) =>
  `select o.id, o.name, o.description,
     coalesce((
       select json_agg(r.name order by r.name)
       from organization_role_user_relations rr
       join organization_roles r on r.id = rr.organization_role_id
       where rr.organization_id = m.organization_id and rr.user_id = m.user_id
     ), '[]') as roles
   from organization_user_relations m
   join organizations o on o.id = m.organization_id
   where m.user_id = $1 and m.status = 'Active'
   ${onlyConsented ? CONSENTED : ''}
   order by m.joined_at, o.id
   limit $2`;

/** …of those, the ones the user granted to the (third-party) application $3. */
const CONSENTED = `and exists (
     select 1 from application_user_consent_organizations c
     where c.application_id = $3 and c.user_id = m.user_id and c.organization_id = m.organization_id)`;

const userOrganizations = statement('user_organizations', userOrganizationsSql(false));
const userConsentedOrganizations = statement('user_consented_organizations', userOrganizationsSql(true));

/**
 * The active memberships of a user (oldest first) with the names of their roles in each.
 * A suspended membership is left out: it grants nothing, so claims do not advertise it. With
 * `consentedTo` (a third-party application), only the organizations the user granted to it.
 */
export async function listUserOrganizations(
  db: Executor,
  userId: string,
  limit?: number,
  consentedTo?: string,
): Promise<OrganizationClaimRow[]> {
  return consentedTo === undefined
    ? run<OrganizationClaimRow>(db, userOrganizations, [userId, limit ?? null])
    : run<OrganizationClaimRow>(db, userConsentedOrganizations, [userId, limit ?? null, consentedTo]);
}

const thirdPartyAccess = statement(
  'organization_third_party_access',
  `select exists (
       select 1 from application_user_consent_organizations
       where application_id = $1 and user_id = $2 and organization_id = $3) as granted,
     coalesce((
       select json_agg(s.name)
       from application_user_consent_organization_scopes c
       join organization_scopes s on s.id = c.organization_scope_id
       where c.application_id = $1), '[]') as permissions`,
);

/**
 * What a third-party application may have of a user's organization: whether the user granted it
 * the organization, and the organization permissions it may ask for (its user consent scopes).
 */
export async function findThirdPartyOrganizationAccess(
  db: Executor,
  applicationId: string,
  userId: string,
  organizationId: string,
): Promise<{ granted: boolean; permissions: string[] }> {
  const [row] = await run<{ granted: boolean; permissions: string[] }>(db, thirdPartyAccess, [applicationId, userId, organizationId]);
  return row!;
}

export interface MembershipPermissions {
  /** Undefined when the user is not a member (or the organization does not exist). */
  status: 'Active' | 'Suspended' | undefined;
  isMfaRequired: boolean;
  /** Organization permission names reachable through the member's roles in the organization. */
  scopes: string[];
}

/** Organization permissions of a member's roles in an organization (subquery of the statements below). */
const MEMBER_SCOPES = `coalesce((
    select json_agg(distinct s.name)
    from organization_role_user_relations rr
    join organization_role_scope_relations rs on rs.organization_role_id = rr.organization_role_id
    join organization_scopes s on s.id = rs.organization_scope_id
    where rr.organization_id = m.organization_id and rr.user_id = m.user_id
  ), '[]')`;

const userOrganizationPermissions = statement(
  'user_organization_permissions',
  `select m.status, o.is_mfa_required, ${MEMBER_SCOPES} as scopes
   from organization_user_relations m
   join organizations o on o.id = m.organization_id
   where m.organization_id = $1 and m.user_id = $2`,
);

export async function findUserOrganizationPermissions(
  db: Executor,
  userId: string,
  organizationId: string,
): Promise<MembershipPermissions> {
  const [row] = await run<{ status: 'Active' | 'Suspended'; isMfaRequired: boolean; scopes: string[] }>(
    db,
    userOrganizationPermissions,
    [organizationId, userId],
  );
  return row ? row : { status: undefined, isMfaRequired: false, scopes: [] };
}

export interface AccountRow {
  id: string;
  username: string | null;
  name: string | null;
  avatar: string | null;
  primaryEmail: string | null;
  primaryPhone: string | null;
  isSuspended: boolean;
  createdAt: number;
  updatedAt: number;
}

export const USER_COLUMNS = 'u.id, u.username, u.name, u.avatar, u.primary_email, u.primary_phone, u.is_suspended, u.created_at, u.updated_at';

const account = statement('account', `select ${USER_COLUMNS} from users u where u.id = $1`);

export async function findAccountRow(db: Executor, userId: string): Promise<AccountRow | undefined> {
  const [row] = await run<AccountRow>(db, account, [userId]);
  return row;
}

/**
 * The organization claims of an ID token for the user `userId` (an SQL expression), over their
 * active memberships, oldest first, at most `limit` (an SQL parameter) of them: two columns,
 * `claim_organization_ids` (organization ids) and `claim_organization_roles` (`<id>:<role>`, each
 * organization's roles by name), in the order of organizationClaims (account.ts), and which
 * extended claims ID tokens carry (`id_token_extended_claims`, configs/id-token.ts). Names and
 * descriptions are for userinfo by default, so organizations are not joined; when
 * `organization_data` is enabled for ID tokens, account.ts reads them itself.
 */
export const idTokenClaimsSql = (userId: string, limit: string, when = 'true') => {
  const memberships = `(
    select cm.organization_id, cm.user_id, cm.joined_at
    from organization_user_relations cm
    where cm.user_id = ${userId} and cm.status = 'Active'
    order by cm.joined_at, cm.organization_id
    limit ${limit}
  ) c`;
  return `case when ${when} then coalesce((
      select json_agg(c.organization_id order by c.joined_at, c.organization_id) from ${memberships}
    ), '[]') end as claim_organization_ids,
    case when ${when} then coalesce((
      select json_agg(c.organization_id || ':' || r.name order by c.joined_at, c.organization_id, r.name)
      from ${memberships}
      join organization_role_user_relations rr on rr.organization_id = c.organization_id and rr.user_id = c.user_id
      join organization_roles r on r.id = rr.organization_role_id
    ), '[]') end as claim_organization_roles,
    case when ${when} then ${enabledIdTokenClaimsSql} end as id_token_extended_claims`;
};

/** The ID-token organization claims of {@link idTokenClaimsSql}, all null when not read. */
export interface IdTokenClaimColumns {
  claimOrganizationIds: string[] | null;
  claimOrganizationRoles: string[] | null;
  idTokenExtendedClaims: ExtendedIdTokenClaim[] | null;
}

/** An ID token's organization claims, read ahead, and the extended claims ID tokens carry. */
export interface IdTokenOrganizationClaims {
  claims: { organizations: string[]; organization_roles: string[] };
  enabled: readonly ExtendedIdTokenClaim[];
}

export function idTokenClaimsFrom({ claimOrganizationIds, claimOrganizationRoles, idTokenExtendedClaims }: IdTokenClaimColumns): IdTokenOrganizationClaims | undefined {
  return claimOrganizationIds === null || claimOrganizationRoles === null || idTokenExtendedClaims === null
    ? undefined
    : { claims: { organizations: claimOrganizationIds, organization_roles: claimOrganizationRoles }, enabled: idTokenExtendedClaims };
}

/** The membership columns of an organization-token request, over `m` (membership) and `o` (its organization). */
export const MEMBERSHIP_COLUMNS = `m.status as membership_status, o.is_mfa_required,
  case when m.user_id is null then null else ${MEMBER_SCOPES} end as organization_scopes`;

/**
 * The organization-token request in one round trip: the user, their membership and permissions
 * in `organizationId`, and (when `claimsLimit` is not null, for the ID token the response
 * carries) their active memberships for the organization claims.
 */
const accountForOrganizationToken = statement(
  'account_for_organization_token',
  `select ${USER_COLUMNS}, ${MEMBERSHIP_COLUMNS},
     ${idTokenClaimsSql('u.id', '$3', '$3::int is not null')}
   from users u
   left join organization_user_relations m on m.user_id = u.id and m.organization_id = $2
   left join organizations o on o.id = m.organization_id
   where u.id = $1`,
);

export interface AccountForOrganizationToken {
  account: AccountRow;
  membership: MembershipPermissions;
  /** Present when asked for with `claimsLimit`. */
  idTokenClaims: IdTokenOrganizationClaims | undefined;
}

export interface MembershipColumns {
  membershipStatus: 'Active' | 'Suspended' | null;
  isMfaRequired: boolean | null;
  organizationScopes: string[] | null;
}

/** The membership of {@link MEMBERSHIP_COLUMNS} (no row joined: not a member). */
export function membershipFrom({ membershipStatus, isMfaRequired, organizationScopes }: MembershipColumns): MembershipPermissions {
  return membershipStatus
    ? { status: membershipStatus, isMfaRequired: Boolean(isMfaRequired), scopes: organizationScopes ?? [] }
    : { status: undefined, isMfaRequired: false, scopes: [] };
}

export async function findAccountForOrganizationToken(
  db: Executor,
  userId: string,
  organizationId: string,
  claimsLimit: number | undefined,
): Promise<AccountForOrganizationToken | undefined> {
  const [row] = await run<AccountRow & MembershipColumns & IdTokenClaimColumns>(db, accountForOrganizationToken, [
    userId,
    organizationId,
    claimsLimit ?? null,
  ]);
  if (!row) return undefined;
  const { membershipStatus, isMfaRequired, organizationScopes, claimOrganizationIds, claimOrganizationRoles, idTokenExtendedClaims, ...accountRow } = row;
  return {
    account: accountRow,
    membership: membershipFrom({ membershipStatus, isMfaRequired, organizationScopes }),
    idTokenClaims: idTokenClaimsFrom({ claimOrganizationIds, claimOrganizationRoles, idTokenExtendedClaims }),
  };
}

export interface ApplicationMembershipPermissions {
  isMember: boolean;
  scopes: string[];
}

const applicationOrganizationPermissions = statement(
  'application_organization_permissions',
  `select coalesce((
     select json_agg(distinct s.name)
     from organization_role_application_relations ra
     join organization_role_scope_relations rs on rs.organization_role_id = ra.organization_role_id
     join organization_scopes s on s.id = rs.organization_scope_id
     where ra.organization_id = m.organization_id and ra.application_id = m.application_id
   ), '[]') as scopes
   from organization_application_relations m
   where m.organization_id = $1 and m.application_id = $2`,
);

/** Organization permissions of a machine-to-machine app's roles in an organization (§4.5). */
export async function findApplicationOrganizationPermissions(
  db: Executor,
  applicationId: string,
  organizationId: string,
): Promise<ApplicationMembershipPermissions> {
  const [row] = await run<{ scopes: string[] }>(db, applicationOrganizationPermissions, [organizationId, applicationId]);
  return row ? { isMember: true, scopes: row.scopes } : { isMember: false, scopes: [] };
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
