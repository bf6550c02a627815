-- Organization invitations (reference §1.2, §2.8): an email address invited to an organization
-- until a time, with the organization roles it brings. Status is stored as Pending, Accepted or
-- Revoked; a Pending one past its expiry reads as Expired (and is stored so when a new invitation
-- for the same address and organization replaces it).
--
-- Better than Logto (§9): at most one pending invitation per address and organization whatever
-- the address's case; deleting the inviter or the accepting user keeps the invitation (their id
-- becomes null) instead of deleting it; invitation roles must be roles for users.

create type organization_invitation_status as enum ('Pending', 'Accepted', 'Expired', 'Revoked');

create table organization_invitations (
  id varchar(21) primary key,
  inviter_id varchar(21) references users (id) on delete set null,
  invitee varchar(256) not null,
  accepted_user_id varchar(21) references users (id) on delete set null,
  organization_id varchar(21) not null references organizations (id) on delete cascade,
  status organization_invitation_status not null default 'Pending',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create unique index organization_invitations__invitee_organization_id
  on organization_invitations (lower(invitee), organization_id) where status = 'Pending';
create index organization_invitations__organization_id on organization_invitations (organization_id, created_at desc);
create index organization_invitations__created_at on organization_invitations (created_at desc, id desc);
create index organization_invitations__inviter_id on organization_invitations (inviter_id);
create index organization_invitations__accepted_user_id on organization_invitations (accepted_user_id);

create table organization_invitation_role_relations (
  organization_invitation_id varchar(21) not null references organization_invitations (id) on delete cascade,
  organization_role_id varchar(21) not null references organization_roles (id) on delete cascade,
  primary key (organization_invitation_id, organization_role_id),
  constraint organization_invitation_role_relations__role_type
    check (check_organization_role_type(organization_role_id, 'User'))
);
create index organization_invitation_role_relations__role_id on organization_invitation_role_relations (organization_role_id);
