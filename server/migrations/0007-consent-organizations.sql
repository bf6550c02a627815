-- Which organizations a user has granted to a third-party application, chosen on the consent
-- page or set through the Management API (reference §1.3, §4.2). A third-party application gets
-- organization tokens and organization claims only for these; first-party applications need none.
-- The consent references the membership, so leaving an organization withdraws it. Whether an
-- application is third-party is fixed when it is created.

create function check_application_third_party(application_id varchar) returns boolean
  language sql stable as $$
    select exists (select 1 from applications where id = application_id and is_third_party)
  $$;

create table application_user_consent_organizations (
  application_id varchar(21) not null references applications (id) on delete cascade,
  organization_id varchar(21) not null,
  user_id varchar(21) not null,
  created_at timestamptz not null default now(),
  primary key (application_id, user_id, organization_id),
  constraint application_user_consent_organizations__membership
    foreign key (organization_id, user_id)
    references organization_user_relations (organization_id, user_id) on delete cascade,
  constraint application_user_consent_organizations__third_party
    check (check_application_third_party(application_id))
);
create index application_user_consent_organizations__membership
  on application_user_consent_organizations (organization_id, user_id);
