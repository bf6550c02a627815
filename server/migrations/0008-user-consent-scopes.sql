-- What a third-party application may ask users for (reference §1.3, §2.9: Logto's "user consent
-- scopes"): organization permissions, API permissions for tokens without an organization,
-- API permissions for tokens of one organization, and user scopes (profile, email, the
-- organizations scope…). The consent page offers only these; anything else the application asks
-- for is refused there, and the token endpoint holds organization and API permissions to them
-- live. First-party applications have none (the same third-party check as consent organizations).

create table application_user_consent_organization_scopes (
  application_id varchar(21) not null references applications (id) on delete cascade,
  organization_scope_id varchar(21) not null references organization_scopes (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (application_id, organization_scope_id),
  constraint application_user_consent_organization_scopes__third_party
    check (check_application_third_party(application_id))
);
create index application_user_consent_organization_scopes__scope
  on application_user_consent_organization_scopes (organization_scope_id);

create table application_user_consent_resource_scopes (
  application_id varchar(21) not null references applications (id) on delete cascade,
  scope_id varchar(21) not null references scopes (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (application_id, scope_id),
  constraint application_user_consent_resource_scopes__third_party
    check (check_application_third_party(application_id))
);
create index application_user_consent_resource_scopes__scope on application_user_consent_resource_scopes (scope_id);

create table application_user_consent_organization_resource_scopes (
  application_id varchar(21) not null references applications (id) on delete cascade,
  scope_id varchar(21) not null references scopes (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (application_id, scope_id),
  constraint application_user_consent_organization_resource_scopes__third_party
    check (check_application_third_party(application_id))
);
create index application_user_consent_organization_resource_scopes__scope
  on application_user_consent_organization_resource_scopes (scope_id);

-- Logto's user scope values. Guildhall releases claims for profile, email, phone and the two
-- organization scopes; the others are kept (Logto's clients may set them) and grant nothing yet.
create table application_user_consent_user_scopes (
  application_id varchar(21) not null references applications (id) on delete cascade,
  user_scope varchar(64) not null,
  created_at timestamptz not null default now(),
  primary key (application_id, user_scope),
  constraint application_user_consent_user_scopes__value check (user_scope in (
    'profile', 'email', 'phone', 'address', 'custom_data', 'identities', 'roles',
    'urn:logto:scope:organizations', 'urn:logto:scope:organization_roles', 'urn:logto:scope:sessions'
  )),
  constraint application_user_consent_user_scopes__third_party
    check (check_application_third_party(application_id))
);
