-- Console: Guildhall always keeps at least one administrator (a user holding the built-in
-- `admin` role), whichever route removes the last one: unassigning the role from the user,
-- removing the user from the role, replacing the user's roles, or deleting the user.
--
-- A deferred constraint trigger, so that a transaction that removes and re-adds the role (a
-- "replace these roles" request) is judged by its end state, not by its intermediate one.
-- The advisory lock serialises removals: two transactions each removing one of the last two
-- administrators cannot both see the other one still there.
create function users_roles__keep_an_administrator() returns trigger language plpgsql as $$
begin
  perform pg_advisory_xact_lock(7041202606);
  if not exists (select 1 from users_roles where role_id = 'admin') then
    raise exception 'Guildhall must keep at least one administrator'
      using errcode = 'check_violation', constraint = 'users_roles__last_administrator';
  end if;
  return null;
end $$;

create constraint trigger users_roles__last_administrator
  after delete or update of role_id on users_roles
  deferrable initially deferred
  for each row when (old.role_id = 'admin')
  execute function users_roles__keep_an_administrator();
