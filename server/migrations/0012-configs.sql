-- Installation-wide settings kept in the database (so every node reads the same), one JSON
-- document per key. First: `idToken`, which extended claims ID tokens carry (reference §2.9, §4.1).
-- No row means the defaults (server/src/configs/id-token.ts).

create table configs (
  key varchar(64) primary key,
  document jsonb not null,
  updated_at timestamptz not null default now()
);
