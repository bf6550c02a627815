-- Just-in-time provisioning configuration of an organization (reference §1.2, §2.5): the email
-- domains whose newly registered users may join it, and the roles they get when they do.
--
-- Better than Logto (§9): a domain is stored normalised (lower case, IDNA ASCII form; the
-- service checks its syntax), so `Example.COM` and `example.com` are one domain; default roles
-- must be roles for users, as every other place that gives roles to people.

create table organization_jit_email_domains (
  organization_id varchar(21) not null references organizations (id) on delete cascade,
  email_domain varchar(128) not null,
  created_at timestamptz not null default now(),
  primary key (organization_id, email_domain),
  constraint organization_jit_email_domains__normalised check (email_domain = lower(email_domain))
);
-- Provisioning looks organizations up by the domain of an address.
create index organization_jit_email_domains__email_domain on organization_jit_email_domains (email_domain);

create table organization_jit_roles (
  organization_id varchar(21) not null references organizations (id) on delete cascade,
  organization_role_id varchar(21) not null references organization_roles (id) on delete cascade,
  primary key (organization_id, organization_role_id),
  constraint organization_jit_roles__role_type check (check_organization_role_type(organization_role_id, 'User'))
);
create index organization_jit_roles__role_id on organization_jit_roles (organization_role_id);

-- A role's type cannot change while any table whose check names that type holds it. The guards of
-- 0001 knew only the member and application assignments; invitation roles (0010), access-control
-- rules (0009) and default JIT roles (above) check the type too, so a change of type would have
-- left rows their own checks refuse (an invitation whose acceptance then fails, say).
create or replace function organization_roles_guard_type() returns trigger language plpgsql as $$
begin
  if new.type <> old.type and (
    exists (select 1 from organization_role_user_relations where organization_role_id = new.id)
    or exists (select 1 from organization_role_application_relations where organization_role_id = new.id)
    or exists (select 1 from organization_invitation_role_relations where organization_role_id = new.id)
    or exists (select 1 from application_access_control_organization_roles where organization_role_id = new.id)
    or exists (select 1 from organization_jit_roles where organization_role_id = new.id)
  ) then
    raise exception 'organization role % is assigned; its type cannot change', new.id
      using errcode = 'check_violation', constraint = 'organization_roles__type_in_use';
  end if;
  return new;
end $$;

create or replace function roles_guard_type() returns trigger language plpgsql as $$
begin
  if new.type <> old.type and (
    exists (select 1 from users_roles where role_id = new.id)
    or exists (select 1 from applications_roles where role_id = new.id)
    or exists (select 1 from application_access_control_user_roles where role_id = new.id)
  ) then
    raise exception 'role % is assigned; its type cannot change', new.id
      using errcode = 'check_violation', constraint = 'roles__type_in_use';
  end if;
  return new;
end $$;
