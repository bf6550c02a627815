-- Webhooks (reference §7, Logto's wire format): an endpoint that receives the organization
-- events it subscribes to, signed with its own key (`logto-signature-sha-256`), and the outcome of
-- each delivery, for health checks (`GET /api/hooks/:id/recent-logs`).

create table hooks (
  id varchar(21) primary key,
  name varchar(128) not null,
  events jsonb not null default '[]',
  config jsonb not null,
  signing_key varchar(64) not null,
  enabled boolean not null default true,
  created_at timestamptz not null default now()
);
create index hooks__created_at on hooks (created_at desc, id desc);

create table hook_deliveries (
  id varchar(21) primary key,
  hook_id varchar(21) not null references hooks (id) on delete cascade,
  event varchar(64) not null,
  created_at timestamptz not null default now(),
  -- The endpoint's HTTP status of the last attempt; null when no answer came (network error, timeout).
  response_status smallint,
  error varchar(512),
  attempts smallint not null,
  duration_ms integer not null
);
create index hook_deliveries__hook on hook_deliveries (hook_id, created_at desc, id desc);
