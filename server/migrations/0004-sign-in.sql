-- Sign-in: state every node must share.

-- Keys that sign oidc-provider's cookies (session, interaction). The newest signs; older ones
-- still verify, so a cookie set by any node is accepted by every node.
create table oidc_cookie_keys (
  id varchar(21) primary key,
  secret varchar(128) not null,
  created_at timestamptz not null default now()
);

-- Fixed-window rate-limit counters (sign-in form, token endpoint). One row per key and window;
-- `insert … on conflict do update … returning count` is atomic across nodes.
create table rate_limit_counters (
  key varchar(256) not null,
  window_start timestamptz not null,
  count integer not null default 1,
  primary key (key, window_start)
);
create index rate_limit_counters__window_start on rate_limit_counters (window_start);
