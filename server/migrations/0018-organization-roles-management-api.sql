-- The Management API is not scoped to organizations: its permissions (`all`, `read`, any scope of
-- the resource `management-api`) cannot belong to an organization role. Through one, an
-- organization token asked for the Management API (`resource` + `organization_id`, by a member
-- user or a member machine-to-machine app) carried `all` and passed for an administrator's token
-- everywhere, not in that organization only. The Management API now refuses tokens that name an
-- organization (management-api/auth.ts); this keeps the configuration from being made at all.
-- Links made before this migration are left in place (they grant nothing now) for an
-- administrator to see and remove.
create function organization_role_resource_scopes_guard_management_api() returns trigger language plpgsql as $$
begin
  if exists (select 1 from scopes where id = new.scope_id and resource_id = 'management-api') then
    raise exception 'scope % is a Management API permission; organization roles cannot hold it', new.scope_id
      using errcode = 'check_violation', constraint = 'organization_role_resource_scopes__management_api';
  end if;
  return new;
end $$;
create trigger organization_role_resource_scopes__management_api
  before insert or update on organization_role_resource_scope_relations
  for each row execute function organization_role_resource_scopes_guard_management_api();
