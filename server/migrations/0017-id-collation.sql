-- Identifiers compare byte by byte. Every id column (and the OIDC store's key) takes the "C"
-- collation: ids are ASCII, so their order is unchanged on a C or C.UTF-8 database, and PGlite's
-- databases already use C. On any other collation PostgreSQL compared every key of every index
-- lookup through the C library's strcoll, even on C.UTF-8: the member page's statement spent
-- ~20 % of its time in those comparisons (docs/benchmarks.md, "Identifiers in the C collation").
-- On a linguistic database (en_US.UTF-8) lists ordered by id now follow byte order, as on PGlite.
-- Only the indexes are rebuilt (the type does not change); on the bench's 500,000 memberships
-- the whole migration took ~6 s, holding each table's lock while its indexes are rebuilt.
-- test/platform/id-collation.test.ts fails when a later migration adds an id column without it.

alter table application_access_control_organization_roles
  alter column application_id type varchar(21) collate "C",
  alter column organization_id type varchar(21) collate "C",
  alter column organization_role_id type varchar(21) collate "C";
alter table application_access_control_organizations
  alter column application_id type varchar(21) collate "C",
  alter column organization_id type varchar(21) collate "C";
alter table application_access_control_user_roles
  alter column application_id type varchar(21) collate "C",
  alter column role_id type varchar(21) collate "C";
alter table application_access_control_users
  alter column application_id type varchar(21) collate "C",
  alter column user_id type varchar(21) collate "C";
alter table application_user_consent_organization_resource_scopes
  alter column application_id type varchar(21) collate "C",
  alter column scope_id type varchar(21) collate "C";
alter table application_user_consent_organization_scopes
  alter column application_id type varchar(21) collate "C",
  alter column organization_scope_id type varchar(21) collate "C";
alter table application_user_consent_organizations
  alter column application_id type varchar(21) collate "C",
  alter column organization_id type varchar(21) collate "C",
  alter column user_id type varchar(21) collate "C";
alter table application_user_consent_resource_scopes
  alter column application_id type varchar(21) collate "C",
  alter column scope_id type varchar(21) collate "C";
alter table application_user_consent_user_scopes alter column application_id type varchar(21) collate "C";
alter table applications alter column id type varchar(21) collate "C";
alter table applications_roles
  alter column application_id type varchar(21) collate "C",
  alter column role_id type varchar(21) collate "C";
alter table audit_logs
  alter column id type varchar(21) collate "C",
  alter column organization_id type varchar(21) collate "C",
  alter column actor_id type varchar(128) collate "C",
  alter column application_id type varchar(128) collate "C";
alter table hook_deliveries
  alter column id type varchar(21) collate "C",
  alter column hook_id type varchar(21) collate "C";
alter table hooks alter column id type varchar(21) collate "C";
alter table oidc_cookie_keys alter column id type varchar(21) collate "C";
alter table oidc_model_instances
  alter column model_name type varchar(64) collate "C",
  alter column id type varchar(128) collate "C";
alter table oidc_signing_keys alter column id type varchar(64) collate "C";
alter table organization_application_relations
  alter column organization_id type varchar(21) collate "C",
  alter column application_id type varchar(21) collate "C";
alter table organization_invitation_role_relations
  alter column organization_invitation_id type varchar(21) collate "C",
  alter column organization_role_id type varchar(21) collate "C";
alter table organization_invitations
  alter column id type varchar(21) collate "C",
  alter column inviter_id type varchar(21) collate "C",
  alter column accepted_user_id type varchar(21) collate "C",
  alter column organization_id type varchar(21) collate "C";
alter table organization_jit_email_domains alter column organization_id type varchar(21) collate "C";
alter table organization_jit_roles
  alter column organization_id type varchar(21) collate "C",
  alter column organization_role_id type varchar(21) collate "C";
alter table organization_role_application_relations
  alter column organization_id type varchar(21) collate "C",
  alter column application_id type varchar(21) collate "C",
  alter column organization_role_id type varchar(21) collate "C";
alter table organization_role_resource_scope_relations
  alter column organization_role_id type varchar(21) collate "C",
  alter column scope_id type varchar(21) collate "C";
alter table organization_role_scope_relations
  alter column organization_role_id type varchar(21) collate "C",
  alter column organization_scope_id type varchar(21) collate "C";
alter table organization_role_user_relations
  alter column organization_id type varchar(21) collate "C",
  alter column user_id type varchar(21) collate "C",
  alter column organization_role_id type varchar(21) collate "C";
alter table organization_roles alter column id type varchar(21) collate "C";
alter table organization_scopes alter column id type varchar(21) collate "C";
alter table organization_user_relations
  alter column organization_id type varchar(21) collate "C",
  alter column user_id type varchar(21) collate "C";
alter table organizations alter column id type varchar(21) collate "C";
alter table resources alter column id type varchar(21) collate "C";
alter table roles alter column id type varchar(21) collate "C";
alter table roles_scopes
  alter column role_id type varchar(21) collate "C",
  alter column scope_id type varchar(21) collate "C";
alter table scopes
  alter column id type varchar(21) collate "C",
  alter column resource_id type varchar(21) collate "C";
alter table users alter column id type varchar(21) collate "C";
-- The last-administrator trigger names users_roles.role_id: dropped and created again around it.
drop trigger users_roles__last_administrator on users_roles;
alter table users_roles
  alter column user_id type varchar(21) collate "C",
  alter column role_id type varchar(21) collate "C";
create constraint trigger users_roles__last_administrator
  after delete or update of role_id on users_roles
  deferrable initially deferred
  for each row when (old.role_id = 'admin')
  execute function users_roles__keep_an_administrator();
