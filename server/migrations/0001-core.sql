-- Guildhall core schema: identities, API resources and RBAC, the organization template,
-- organizations and their members. Invariants live here: keys, composite foreign keys that make
-- a role assignment impossible without its membership, and role-type checks.

create extension if not exists pg_trgm;

create type application_type as enum ('Native', 'SPA', 'Traditional', 'MachineToMachine');
create type role_type as enum ('User', 'MachineToMachine');
create type membership_status as enum ('Active', 'Suspended');

-- Identities --------------------------------------------------------------------------------

create table users (
  id varchar(21) primary key,
  username varchar(128),
  primary_email varchar(128),
  primary_phone varchar(128),
  name varchar(128),
  avatar varchar(2048),
  password_digest varchar(256),
  custom_data jsonb not null default '{}'::jsonb,
  profile jsonb not null default '{}'::jsonb,
  identities jsonb not null default '{}'::jsonb,
  is_suspended boolean not null default false,
  last_sign_in_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- Sign-in identifiers are unique regardless of case.
create unique index users__username on users (lower(username));
create unique index users__primary_email on users (lower(primary_email));
create unique index users__primary_phone on users (primary_phone);
create index users__created_at on users (created_at desc, id desc);

create table applications (
  id varchar(21) primary key,
  name varchar(256) not null,
  description text,
  type application_type not null,
  secret varchar(64) not null,
  oidc_client_metadata jsonb not null default '{"redirectUris": [], "postLogoutRedirectUris": []}'::jsonb,
  custom_client_metadata jsonb not null default '{}'::jsonb,
  is_third_party boolean not null default false,
  created_at timestamptz not null default now()
);
create index applications__created_at on applications (created_at desc, id desc);

-- API resources and global RBAC ---------------------------------------------------------------

create table resources (
  id varchar(21) primary key,
  name varchar(128) not null,
  indicator varchar(256) not null,
  is_default boolean not null default false,
  access_token_ttl integer not null default 3600 check (access_token_ttl between 1 and 86400),
  created_at timestamptz not null default now(),
  constraint resources__indicator unique (indicator)
);
-- At most one default resource.
create unique index resources__is_default on resources (is_default) where is_default;

create table scopes (
  id varchar(21) primary key,
  resource_id varchar(21) not null references resources (id) on delete cascade,
  name varchar(256) not null,
  description text,
  created_at timestamptz not null default now(),
  constraint scopes__resource_id_name unique (resource_id, name)
);

create table roles (
  id varchar(21) primary key,
  name varchar(128) not null,
  description varchar(128) not null default '',
  type role_type not null default 'User',
  is_default boolean not null default false,
  created_at timestamptz not null default now(),
  constraint roles__name unique (name)
);

create function check_role_type(role_id varchar, target role_type) returns boolean
  language sql stable as $$
    -- True for an unknown role so that the foreign key, not this check, reports it.
    select not exists (select 1 from roles where id = role_id and type <> target)
  $$;

create table roles_scopes (
  role_id varchar(21) not null references roles (id) on delete cascade,
  scope_id varchar(21) not null references scopes (id) on delete cascade,
  primary key (role_id, scope_id)
);
create index roles_scopes__scope_id on roles_scopes (scope_id);

create table users_roles (
  user_id varchar(21) not null references users (id) on delete cascade,
  role_id varchar(21) not null references roles (id) on delete cascade,
  primary key (user_id, role_id),
  constraint users_roles__role_type check (check_role_type(role_id, 'User'))
);
create index users_roles__role_id on users_roles (role_id);

create table applications_roles (
  application_id varchar(21) not null references applications (id) on delete cascade,
  role_id varchar(21) not null references roles (id) on delete cascade,
  primary key (application_id, role_id),
  constraint applications_roles__role_type check (check_role_type(role_id, 'MachineToMachine'))
);
create index applications_roles__role_id on applications_roles (role_id);

-- Organization template -----------------------------------------------------------------------

create table organization_scopes (
  id varchar(21) primary key,
  name varchar(128) not null,
  description varchar(256),
  created_at timestamptz not null default now(),
  constraint organization_scopes__name unique (name)
);

create table organization_roles (
  id varchar(21) primary key,
  name varchar(128) not null,
  description varchar(256),
  type role_type not null default 'User',
  created_at timestamptz not null default now(),
  constraint organization_roles__name unique (name)
);
create index organization_roles__type on organization_roles (type);

create function check_organization_role_type(role_id varchar, target role_type) returns boolean
  language sql stable as $$
    select not exists (select 1 from organization_roles where id = role_id and type <> target)
  $$;

create table organization_role_scope_relations (
  organization_role_id varchar(21) not null references organization_roles (id) on delete cascade,
  organization_scope_id varchar(21) not null references organization_scopes (id) on delete cascade,
  primary key (organization_role_id, organization_scope_id)
);
create index organization_role_scope_relations__scope_id on organization_role_scope_relations (organization_scope_id);

create table organization_role_resource_scope_relations (
  organization_role_id varchar(21) not null references organization_roles (id) on delete cascade,
  scope_id varchar(21) not null references scopes (id) on delete cascade,
  primary key (organization_role_id, scope_id)
);
create index organization_role_resource_scope_relations__scope_id on organization_role_resource_scope_relations (scope_id);

-- Organizations -------------------------------------------------------------------------------

create table organizations (
  id varchar(21) primary key,
  name varchar(128) not null,
  description varchar(256),
  custom_data jsonb not null default '{}'::jsonb,
  is_mfa_required boolean not null default false,
  color jsonb not null default '{}'::jsonb,
  branding jsonb not null default '{}'::jsonb,
  custom_css text,
  created_at timestamptz not null default now()
);
-- The list's stable order (newest first) and its substring search.
create index organizations__created_at on organizations (created_at desc, id desc);
create index organizations__name_trgm on organizations using gin (name gin_trgm_ops);

-- A membership is a row of its own (Guildhall's extension over Logto): status and joined_at.
create table organization_user_relations (
  organization_id varchar(21) not null references organizations (id) on delete cascade,
  user_id varchar(21) not null references users (id) on delete cascade,
  status membership_status not null default 'Active',
  joined_at timestamptz not null default now(),
  primary key (organization_id, user_id)
);
create index organization_user_relations__user_id on organization_user_relations (user_id);

-- A member's roles reference the membership: no role without membership, and removing the
-- member removes the roles.
create table organization_role_user_relations (
  organization_id varchar(21) not null,
  user_id varchar(21) not null,
  organization_role_id varchar(21) not null references organization_roles (id) on delete cascade,
  primary key (organization_id, user_id, organization_role_id),
  foreign key (organization_id, user_id)
    references organization_user_relations (organization_id, user_id) on delete cascade,
  constraint organization_role_user_relations__role_type check (check_organization_role_type(organization_role_id, 'User'))
);
create index organization_role_user_relations__role_id on organization_role_user_relations (organization_role_id);

create function check_application_type(application_id varchar, target application_type) returns boolean
  language sql stable as $$
    select not exists (select 1 from applications where id = application_id and type <> target)
  $$;

create table organization_application_relations (
  organization_id varchar(21) not null references organizations (id) on delete cascade,
  application_id varchar(21) not null references applications (id) on delete cascade,
  joined_at timestamptz not null default now(),
  primary key (organization_id, application_id),
  constraint organization_application_relations__application_type
    check (check_application_type(application_id, 'MachineToMachine'))
);
create index organization_application_relations__application_id on organization_application_relations (application_id);

create table organization_role_application_relations (
  organization_id varchar(21) not null,
  application_id varchar(21) not null,
  organization_role_id varchar(21) not null references organization_roles (id) on delete cascade,
  primary key (organization_id, application_id, organization_role_id),
  foreign key (organization_id, application_id)
    references organization_application_relations (organization_id, application_id) on delete cascade,
  constraint organization_role_application_relations__role_type
    check (check_organization_role_type(organization_role_id, 'MachineToMachine'))
);
create index organization_role_application_relations__role_id on organization_role_application_relations (organization_role_id);

-- Changing a role's type must not leave assignments that its checks would now refuse.
create function organization_roles_guard_type() returns trigger language plpgsql as $$
begin
  if new.type <> old.type and (
    exists (select 1 from organization_role_user_relations where organization_role_id = new.id)
    or exists (select 1 from organization_role_application_relations where organization_role_id = new.id)
  ) then
    raise exception 'organization role % is assigned; its type cannot change', new.id
      using errcode = 'check_violation', constraint = 'organization_roles__type_in_use';
  end if;
  return new;
end $$;
create trigger organization_roles__type_in_use before update of type on organization_roles
  for each row execute function organization_roles_guard_type();

create function roles_guard_type() returns trigger language plpgsql as $$
begin
  if new.type <> old.type and (
    exists (select 1 from users_roles where role_id = new.id)
    or exists (select 1 from applications_roles where role_id = new.id)
  ) then
    raise exception 'role % is assigned; its type cannot change', new.id
      using errcode = 'check_violation', constraint = 'roles__type_in_use';
  end if;
  return new;
end $$;
create trigger roles__type_in_use before update of type on roles
  for each row execute function roles_guard_type();

-- OpenID Connect ------------------------------------------------------------------------------

-- oidc-provider's models (sessions, grants, codes, refresh tokens, interactions…), one table.
create table oidc_model_instances (
  model_name varchar(64) not null,
  id varchar(128) not null,
  payload jsonb not null,
  expires_at timestamptz not null,
  consumed_at timestamptz,
  primary key (model_name, id)
);
create index oidc_model_instances__grant_id on oidc_model_instances ((payload ->> 'grantId')) where payload ? 'grantId';
create index oidc_model_instances__uid on oidc_model_instances ((payload ->> 'uid')) where model_name = 'Session';
create index oidc_model_instances__user_code on oidc_model_instances ((payload ->> 'userCode')) where payload ? 'userCode';
create index oidc_model_instances__expires_at on oidc_model_instances (expires_at);

-- Token signing keys, shared by every node. A retired key stays published until expires_at.
create table oidc_signing_keys (
  id varchar(64) primary key,
  private_jwk jsonb not null,
  created_at timestamptz not null default now(),
  retired_at timestamptz,
  expires_at timestamptz
);
