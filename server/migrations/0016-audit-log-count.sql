-- The audit log's row count, kept like the organizations' and users' (migration 0006): the
-- unfiltered audit log's Total-Number was a count(*) over every entry, ~27 ms at 226,000 entries
-- and growing with the retention (180 days by default). One counter update per insert statement
-- (the writer inserts a turn's entries in one statement) and per pruning batch.
-- Nodes of the previous version may still be writing during a rolling upgrade: the lock (which the
-- triggers' creation takes anyway) is taken before counting, so no entry lands between the count
-- and the triggers.
lock table audit_logs in share row exclusive mode;
insert into entity_counts (name, count) select 'audit_logs', count(*) from audit_logs;

create trigger audit_logs__count_insert after insert on audit_logs
  referencing new table as new_rows for each statement execute function entity_counts_on_insert();
create trigger audit_logs__count_delete after delete on audit_logs
  referencing old table as old_rows for each statement execute function entity_counts_on_delete();
create trigger audit_logs__count_truncate after truncate on audit_logs
  for each statement execute function entity_counts_on_truncate();
