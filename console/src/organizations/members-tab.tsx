import { Anchor, Menu, Table, Tooltip } from '@mantine/core';
import { IconPlayerPause, IconPlayerPlay, IconShieldCog, IconUserMinus, IconUserPlus, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call, callPage, PAGE_SIZE } from '../api/client.ts';
import type { Member, Organization } from '../api/types.ts';
import { ConfirmModal } from '../components/confirm-modal.tsx';
import { formatDate, userLabel } from '../components/format.ts';
import { notifyError, notifySuccess } from '../components/notify.ts';
import { RoleTags, StatusBadge } from '../components/tags.tsx';
import { useLoad } from '../components/use-load.ts';
import { LastSignIn, UserCell } from '../components/user-cell.tsx';
import { AddToOrganizationModal } from './add-to-organization-modal.tsx';
import { EditRolesModal } from './edit-roles-modal.tsx';
import { OrganizationListPanel, RowActions } from './organization-list-panel.tsx';

export function MembersTab({ organization }: { organization: Organization }) {
  const id = organization.id;
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Member>();
  const [removing, setRemoving] = useState<Member>();
  const [suspending, setSuspending] = useState<Member>();
  const members = useLoad(
    () => callPage(api.GET('/api/organizations/{id}/users', { params: { path: { id }, query: { q: q || undefined, page, page_size: PAGE_SIZE } } })),
    [id, q, page],
  );

  const setStatus = async (member: Member, status: 'Active' | 'Suspended') => {
    await call(api.PATCH('/api/organizations/{id}/users/{userId}', { params: { path: { id, userId: member.id } }, body: { status } }));
    notifySuccess(status === 'Suspended' ? `${userLabel(member)} is suspended in ${organization.name}.` : `${userLabel(member)} is active again.`);
    members.reload();
  };

  return (
    <OrganizationListPanel
      list={members}
      search={{ value: q, onChange: (value) => (setQ(value), setPage(1)), placeholder: 'Search by name, email, phone or user ID' }}
      page={{ value: page, onChange: setPage }}
      add={{ label: 'Add members', icon: <IconUserPlus size={16} />, onClick: () => setAdding(true) }}
      empty={{
        icon: <IconUsers size={28} />,
        title: 'No members yet',
        body: <>Add the people who work in {organization.name}. Their roles here decide what their organization tokens allow.</>,
      }}
      noun="member"
      table={{
        label: 'Members',
        minWidth: 720,
        head: (
          <>
            <Table.Th>User</Table.Th>
            <Table.Th>Organization roles</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Last sign-in</Table.Th>
          </>
        ),
        row: (member) => (
          <Table.Tr key={member.id} data-member={userLabel(member)}>
            <Table.Td>
              <Anchor component={Link} to={`/users/${member.id}`} underline="never" c="inherit">
                <UserCell user={member} />
              </Anchor>
            </Table.Td>
            <Table.Td>
              <RoleTags roles={member.organizationRoles} empty="No roles" />
            </Table.Td>
            <Table.Td>
              <Tooltip label={`Member since ${formatDate(member.membership.joinedAt)}`} withArrow>
                <span>
                  <StatusBadge status={member.membership.status} />
                </span>
              </Tooltip>
            </Table.Td>
            <Table.Td>
              <LastSignIn at={member.lastSignInAt} />
            </Table.Td>
            <RowActions label={userLabel(member)}>
              <Menu.Item leftSection={<IconShieldCog size={16} />} onClick={() => setEditing(member)}>
                Edit roles
              </Menu.Item>
              {member.membership.status === 'Active' ? (
                <Menu.Item leftSection={<IconPlayerPause size={16} />} onClick={() => setSuspending(member)}>
                  Suspend membership
                </Menu.Item>
              ) : (
                <Menu.Item leftSection={<IconPlayerPlay size={16} />} onClick={() => void setStatus(member, 'Active').catch(notifyError)}>
                  Reactivate membership
                </Menu.Item>
              )}
              <Menu.Divider />
              <Menu.Item color="red" leftSection={<IconUserMinus size={16} />} onClick={() => setRemoving(member)}>
                Remove from organization
              </Menu.Item>
            </RowActions>
          </Table.Tr>
        ),
      }}
    >
      <AddToOrganizationModal kind="users" organization={organization} opened={adding} onClose={() => setAdding(false)} onAdded={members.reload} />
      <EditRolesModal
        opened={Boolean(editing)}
        onClose={() => setEditing(undefined)}
        who={editing ? userLabel(editing) : ''}
        organizationName={organization.name}
        type="User"
        current={editing?.organizationRoles.map((role) => role.id) ?? []}
        save={async (organizationRoleIds) => {
          await call(
            api.PUT('/api/organizations/{id}/users/{userId}/roles', { params: { path: { id, userId: editing!.id } }, body: { organizationRoleIds } }),
          );
          notifySuccess(`Roles of ${userLabel(editing!)} saved.`);
          members.reload();
        }}
      />
      <ConfirmModal
        opened={Boolean(suspending)}
        onClose={() => setSuspending(undefined)}
        title={`Suspend ${suspending ? userLabel(suspending) : ''}?`}
        confirmLabel="Suspend membership"
        color="orange"
        onConfirm={() => setStatus(suspending!, 'Suspended')}
      >
        They stay a member and keep their roles, but cannot get tokens for {organization.name} until you reactivate them.
        Their access to other organizations is not affected.
      </ConfirmModal>
      <ConfirmModal
        opened={Boolean(removing)}
        onClose={() => setRemoving(undefined)}
        title={`Remove ${removing ? userLabel(removing) : ''}?`}
        confirmLabel="Remove member"
        onConfirm={async () => {
          await call(api.DELETE('/api/organizations/{id}/users/{userId}', { params: { path: { id, userId: removing!.id } } }));
          notifySuccess(`${userLabel(removing!)} removed from ${organization.name}.`);
          members.reload();
        }}
      >
        They lose their membership and every role they hold in {organization.name}. Their user account is kept.
      </ConfirmModal>
    </OrganizationListPanel>
  );
}
