-- The audit log of Management API changes (reference §7 and §9: Logto keeps none). One row per
-- change a caller was told succeeded: who (the token's subject and client), what (method, route
-- pattern, path, parameters, the request body with secrets redacted), when, from where, and the
-- organization it concerns, if any.
--
-- No foreign keys on purpose: an organization's, user's or application's trail outlives it
-- (deleting an organization is itself an entry of its trail). Rows older than the retention
-- (GUILDHALL_AUDIT_LOG_RETENTION_DAYS) are deleted by every node, in batches.

create table audit_logs (
  id varchar(21) primary key,
  created_at timestamptz not null default now(),
  organization_id varchar(21),
  actor_type varchar(16) not null check (actor_type in ('Application', 'User')),
  actor_id varchar(128) not null,
  application_id varchar(128),
  method varchar(8) not null,
  route varchar(256) not null,
  path varchar(2048) not null,
  status smallint not null,
  params jsonb not null default '{}',
  body jsonb,
  ip varchar(64),
  user_agent varchar(512)
);

-- Newest first, overall and per organization and per actor (the Management API's filters).
create index audit_logs_created on audit_logs (created_at desc, id desc);
create index audit_logs_organization on audit_logs (organization_id, created_at desc, id desc) where organization_id is not null;
create index audit_logs_actor on audit_logs (actor_id, created_at desc, id desc);
