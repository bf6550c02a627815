import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Kysely's view of the schema in `migrations/`, in camelCase (CamelCasePlugin maps it to
 * snake_case). The migrations are the truth; test/schema.test.ts fails if this drifts from them.
 */

/** A timestamptz: read as epoch milliseconds, written as a Date, ISO string or `now()`. */
export type Timestamp = ColumnType<number, Date | string | undefined, Date | string>;
export type NullableTimestamp = ColumnType<number | null, Date | string | null | undefined, Date | string | null>;
export type JsonObject = { [key: string]: unknown };
type Json<T = JsonObject> = ColumnType<T, string | undefined, string>;

export type ApplicationType = 'Native' | 'SPA' | 'Traditional' | 'MachineToMachine';
export type RoleType = 'User' | 'MachineToMachine';
export type MembershipStatus = 'Active' | 'Suspended';

export interface UsersTable {
  id: string;
  username: string | null;
  primaryEmail: string | null;
  primaryPhone: string | null;
  name: string | null;
  avatar: string | null;
  passwordDigest: string | null;
  customData: Json;
  profile: Json;
  identities: Json;
  isSuspended: Generated<boolean>;
  lastSignInAt: NullableTimestamp;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface OidcClientMetadata {
  redirectUris: string[];
  postLogoutRedirectUris: string[];
}

export interface ApplicationsTable {
  id: string;
  name: string;
  description: string | null;
  type: ApplicationType;
  secret: string;
  oidcClientMetadata: Json<OidcClientMetadata>;
  customClientMetadata: Json;
  isThirdParty: Generated<boolean>;
  /** Whether the access-control lists apply (application_access_control_*). */
  accessControl: Generated<boolean>;
  createdAt: Timestamp;
}

export interface ResourcesTable {
  id: string;
  name: string;
  indicator: string;
  isDefault: Generated<boolean>;
  accessTokenTtl: Generated<number>;
  createdAt: Timestamp;
}

export interface ScopesTable {
  id: string;
  resourceId: string;
  name: string;
  description: string | null;
  createdAt: Timestamp;
}

export interface RolesTable {
  id: string;
  name: string;
  description: Generated<string>;
  type: Generated<RoleType>;
  isDefault: Generated<boolean>;
  createdAt: Timestamp;
}

export interface RolesScopesTable {
  roleId: string;
  scopeId: string;
}

export interface UsersRolesTable {
  userId: string;
  roleId: string;
}

export interface ApplicationsRolesTable {
  applicationId: string;
  roleId: string;
}

export interface OrganizationScopesTable {
  id: string;
  name: string;
  description: string | null;
  createdAt: Timestamp;
}

export interface OrganizationRolesTable {
  id: string;
  name: string;
  description: string | null;
  type: Generated<RoleType>;
  createdAt: Timestamp;
}

export interface OrganizationRoleScopeRelationsTable {
  organizationRoleId: string;
  organizationScopeId: string;
}

export interface OrganizationRoleResourceScopeRelationsTable {
  organizationRoleId: string;
  scopeId: string;
}

export interface OrganizationsTable {
  id: string;
  name: string;
  description: string | null;
  customData: Json;
  isMfaRequired: Generated<boolean>;
  color: Json;
  branding: Json;
  customCss: string | null;
  createdAt: Timestamp;
}

export interface OrganizationUserRelationsTable {
  organizationId: string;
  userId: string;
  status: Generated<MembershipStatus>;
  joinedAt: Timestamp;
}

export interface OrganizationRoleUserRelationsTable {
  organizationId: string;
  userId: string;
  organizationRoleId: string;
}

export interface OrganizationApplicationRelationsTable {
  organizationId: string;
  applicationId: string;
  joinedAt: Timestamp;
}

export interface ApplicationUserConsentOrganizationsTable {
  applicationId: string;
  organizationId: string;
  userId: string;
  createdAt: Timestamp;
}

export interface ApplicationUserConsentOrganizationScopesTable {
  applicationId: string;
  organizationScopeId: string;
  createdAt: Timestamp;
}

/** Both API-permission consent tables (without and with an organization) have this shape. */
export interface ApplicationUserConsentResourceScopesTable {
  applicationId: string;
  scopeId: string;
  createdAt: Timestamp;
}

export interface ApplicationUserConsentUserScopesTable {
  applicationId: string;
  userScope: string;
  createdAt: Timestamp;
}

export type OrganizationInvitationStatus = 'Pending' | 'Accepted' | 'Expired' | 'Revoked';

export interface OrganizationInvitationsTable {
  id: string;
  inviterId: string | null;
  invitee: string;
  acceptedUserId: string | null;
  organizationId: string;
  status: Generated<OrganizationInvitationStatus>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  expiresAt: Timestamp;
}

export interface OrganizationInvitationRoleRelationsTable {
  organizationInvitationId: string;
  organizationRoleId: string;
}

export interface OrganizationJitEmailDomainsTable {
  organizationId: string;
  emailDomain: string;
  createdAt: Timestamp;
}

export interface OrganizationJitRolesTable {
  organizationId: string;
  organizationRoleId: string;
}

export interface ConfigsTable {
  key: string;
  document: ColumnType<JsonObject, string, string>;
  updatedAt: Timestamp;
}

export type AuditActorType = 'Application' | 'User';

export interface AuditLogsTable {
  id: string;
  createdAt: Timestamp;
  organizationId: string | null;
  actorType: AuditActorType;
  actorId: string;
  applicationId: string | null;
  method: string;
  route: string;
  path: string;
  status: number;
  params: ColumnType<JsonObject, string | undefined, string>;
  body: ColumnType<JsonObject | null, string | null | undefined, string | null>;
  ip: string | null;
  userAgent: string | null;
}

export interface HooksTable {
  id: string;
  name: string;
  events: ColumnType<string[], string | undefined, string>;
  config: ColumnType<{ url: string; headers?: Record<string, string> }, string, string>;
  signingKey: string;
  enabled: Generated<boolean>;
  createdAt: Timestamp;
}

export interface HookDeliveriesTable {
  id: string;
  hookId: string;
  event: string;
  createdAt: Timestamp;
  responseStatus: number | null;
  error: string | null;
  attempts: Generated<number>;
  durationMs: Generated<number>;
  state: Generated<'Pending' | 'Delivered' | 'Failed'>;
  body: string | null;
  nextAttemptAt: NullableTimestamp;
  leaseUntil: NullableTimestamp;
}

export interface ApplicationAccessControlUsersTable {
  applicationId: string;
  userId: string;
}

export interface ApplicationAccessControlUserRolesTable {
  applicationId: string;
  roleId: string;
}

export interface ApplicationAccessControlOrganizationsTable {
  applicationId: string;
  organizationId: string;
}

export interface ApplicationAccessControlOrganizationRolesTable {
  applicationId: string;
  organizationId: string;
  organizationRoleId: string;
}

export interface OrganizationRoleApplicationRelationsTable {
  organizationId: string;
  applicationId: string;
  organizationRoleId: string;
}

export interface OidcModelInstancesTable {
  modelName: string;
  id: string;
  payload: Json;
  expiresAt: Timestamp;
  consumedAt: NullableTimestamp;
}

export interface OidcSigningKeysTable {
  id: string;
  privateJwk: Json;
  createdAt: Timestamp;
  retiredAt: NullableTimestamp;
  expiresAt: NullableTimestamp;
}

export interface OidcCookieKeysTable {
  id: string;
  secret: string;
  createdAt: Timestamp;
}

export interface RateLimitCountersTable {
  key: string;
  windowStart: Timestamp;
  count: Generated<number>;
}

export interface EntityCountsTable {
  name: string;
  count: number;
}

export interface SchemaMigrationsTable {
  name: string;
  appliedAt: Timestamp;
}

export interface Database {
  users: UsersTable;
  applications: ApplicationsTable;
  resources: ResourcesTable;
  scopes: ScopesTable;
  roles: RolesTable;
  rolesScopes: RolesScopesTable;
  usersRoles: UsersRolesTable;
  applicationsRoles: ApplicationsRolesTable;
  organizationScopes: OrganizationScopesTable;
  organizationRoles: OrganizationRolesTable;
  organizationRoleScopeRelations: OrganizationRoleScopeRelationsTable;
  organizationRoleResourceScopeRelations: OrganizationRoleResourceScopeRelationsTable;
  organizations: OrganizationsTable;
  organizationUserRelations: OrganizationUserRelationsTable;
  organizationRoleUserRelations: OrganizationRoleUserRelationsTable;
  organizationApplicationRelations: OrganizationApplicationRelationsTable;
  organizationRoleApplicationRelations: OrganizationRoleApplicationRelationsTable;
  applicationUserConsentOrganizations: ApplicationUserConsentOrganizationsTable;
  applicationUserConsentOrganizationScopes: ApplicationUserConsentOrganizationScopesTable;
  applicationUserConsentResourceScopes: ApplicationUserConsentResourceScopesTable;
  applicationUserConsentOrganizationResourceScopes: ApplicationUserConsentResourceScopesTable;
  applicationUserConsentUserScopes: ApplicationUserConsentUserScopesTable;
  applicationAccessControlUsers: ApplicationAccessControlUsersTable;
  organizationInvitations: OrganizationInvitationsTable;
  organizationInvitationRoleRelations: OrganizationInvitationRoleRelationsTable;
  organizationJitEmailDomains: OrganizationJitEmailDomainsTable;
  organizationJitRoles: OrganizationJitRolesTable;
  configs: ConfigsTable;
  auditLogs: AuditLogsTable;
  hooks: HooksTable;
  hookDeliveries: HookDeliveriesTable;
  applicationAccessControlUserRoles: ApplicationAccessControlUserRolesTable;
  applicationAccessControlOrganizations: ApplicationAccessControlOrganizationsTable;
  applicationAccessControlOrganizationRoles: ApplicationAccessControlOrganizationRolesTable;
  oidcModelInstances: OidcModelInstancesTable;
  oidcSigningKeys: OidcSigningKeysTable;
  oidcCookieKeys: OidcCookieKeysTable;
  rateLimitCounters: RateLimitCountersTable;
  schemaMigrations: SchemaMigrationsTable;
  entityCounts: EntityCountsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Application = Selectable<ApplicationsTable>;
export type Organization = Selectable<OrganizationsTable>;
export type OrganizationRole = Selectable<OrganizationRolesTable>;
export type OrganizationScope = Selectable<OrganizationScopesTable>;
