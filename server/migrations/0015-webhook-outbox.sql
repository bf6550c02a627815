-- Webhook deliveries become an outbox: a change's events are stored before its answer leaves, and
-- any node delivers them (claiming a batch with a lease, `for update skip locked`), so a restart or
-- a deploy loses none. A row is Pending until its endpoint answers 2xx (Delivered) or its retries
-- are spent (Failed); the request body is kept only while Pending.

alter table hook_deliveries
  add column state varchar(16) not null default 'Delivered' check (state in ('Pending', 'Delivered', 'Failed')),
  add column body text,
  add column next_attempt_at timestamptz,
  add column lease_until timestamptz;
alter table hook_deliveries alter column attempts set default 0;
alter table hook_deliveries alter column duration_ms set default 0;

create index hook_deliveries__pending on hook_deliveries (next_attempt_at) where state = 'Pending';
