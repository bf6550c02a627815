-- Global roles reach machine-to-machine applications only (as in Logto), checked in the schema
-- like the organization tables do. An application's type never changes, so the check stays true.
alter table applications_roles add constraint applications_roles__application_type
  check (check_application_type(application_id, 'MachineToMachine'));
