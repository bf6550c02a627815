-- Who may sign in to an application (reference §1.3, §2.9: Logto's app-level access control):
-- listed users, holders of listed global roles, members of listed organizations, and members
-- holding listed organization roles in a listed organization. Checked at every authorization and
-- at every refresh, so that leaving the organization (or being suspended in it) ends access.
--
-- `applications.access_control` says whether the lists apply; it is set when the rules are
-- replaced (true when any list is non-empty). Rules whose users, roles or organizations are
-- deleted go with them, and the application stays restricted: removing the last allowed
-- organization closes the application rather than opening it to everyone.

alter table applications add column access_control boolean not null default false;

create table application_access_control_users (
  application_id varchar(21) not null references applications (id) on delete cascade,
  user_id varchar(21) not null references users (id) on delete cascade,
  primary key (application_id, user_id)
);
create index application_access_control_users__user_id on application_access_control_users (user_id);

create table application_access_control_user_roles (
  application_id varchar(21) not null references applications (id) on delete cascade,
  role_id varchar(21) not null references roles (id) on delete cascade,
  primary key (application_id, role_id),
  constraint application_access_control_user_roles__role_type check (check_role_type(role_id, 'User'))
);
create index application_access_control_user_roles__role_id on application_access_control_user_roles (role_id);

create table application_access_control_organizations (
  application_id varchar(21) not null references applications (id) on delete cascade,
  organization_id varchar(21) not null references organizations (id) on delete cascade,
  primary key (application_id, organization_id)
);
create index application_access_control_organizations__organization_id on application_access_control_organizations (organization_id);

create table application_access_control_organization_roles (
  application_id varchar(21) not null references applications (id) on delete cascade,
  organization_id varchar(21) not null references organizations (id) on delete cascade,
  organization_role_id varchar(21) not null references organization_roles (id) on delete cascade,
  primary key (application_id, organization_id, organization_role_id),
  constraint application_access_control_organization_roles__role_type
    check (check_organization_role_type(organization_role_id, 'User'))
);
create index application_access_control_organization_roles__organization_id
  on application_access_control_organization_roles (organization_id);
create index application_access_control_organization_roles__role_id
  on application_access_control_organization_roles (organization_role_id);
