import { Anchor, Menu, Table } from '@mantine/core';
import { IconApps, IconPlugConnected, IconShieldCog, IconUnlink } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call, callPage, PAGE_SIZE } from '../api/client.ts';
import type { Organization, OrganizationApp } from '../api/types.ts';
import { ConfirmModal } from '../components/confirm-modal.tsx';
import { notifySuccess } from '../components/notify.ts';
import { RoleTags } from '../components/tags.tsx';
import { useLoad } from '../components/use-load.ts';
import { AddToOrganizationModal } from './add-to-organization-modal.tsx';
import { AppCell } from './app-cell.tsx';
import { EditRolesModal } from './edit-roles-modal.tsx';
import { OrganizationListPanel, RowActions } from './organization-list-panel.tsx';

export function AppsTab({ organization }: { organization: Organization }) {
  const id = organization.id;
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<OrganizationApp>();
  const [removing, setRemoving] = useState<OrganizationApp>();
  const apps = useLoad(
    () => callPage(api.GET('/api/organizations/{id}/applications', { params: { path: { id }, query: { q: q || undefined, page, page_size: PAGE_SIZE } } })),
    [id, q, page],
  );

  const saveRoles = async (app: OrganizationApp, organizationRoleIds: string[]) => {
    const path = { id, applicationId: app.id };
    if (organizationRoleIds.length > 0) {
      await call(api.PUT('/api/organizations/{id}/applications/{applicationId}/roles', { params: { path }, body: { organizationRoleIds } }));
    } else {
      // Replacing with an empty list is not allowed for apps (as in Logto): remove one by one.
      for (const role of app.organizationRoles) {
        await call(
          api.DELETE('/api/organizations/{id}/applications/{applicationId}/roles/{organizationRoleId}', {
            params: { path: { ...path, organizationRoleId: role.id } },
          }),
        );
      }
    }
    notifySuccess(`Roles of ${app.name} saved.`);
    apps.reload();
  };

  return (
    <OrganizationListPanel
      list={apps}
      search={{ value: q, onChange: (value) => (setQ(value), setPage(1)), placeholder: 'Search by app name, ID or description' }}
      page={{ value: page, onChange: setPage }}
      add={{ label: 'Add apps', icon: <IconPlugConnected size={16} />, onClick: () => setAdding(true) }}
      empty={{
        icon: <IconApps size={28} />,
        title: 'No machine-to-machine apps',
        body: (
          <>
            Services that act for {organization.name} without a person — a sync job, a backend — join as machine-to-machine
            apps and get machine-to-machine roles.
          </>
        ),
      }}
      noun="app"
      table={{
        label: 'Machine-to-machine apps',
        minWidth: 600,
        head: (
          <>
            <Table.Th>Application</Table.Th>
            <Table.Th>Organization roles</Table.Th>
          </>
        ),
        row: (app) => (
          <Table.Tr key={app.id}>
            <Table.Td>
              <Anchor component={Link} to={`/applications/${app.id}`} underline="never" c="inherit">
                <AppCell app={app} />
              </Anchor>
            </Table.Td>
            <Table.Td>
              <RoleTags roles={app.organizationRoles} empty="No roles" />
            </Table.Td>
            <RowActions label={app.name}>
              <Menu.Item leftSection={<IconShieldCog size={16} />} onClick={() => setEditing(app)}>
                Edit roles
              </Menu.Item>
              <Menu.Item color="red" leftSection={<IconUnlink size={16} />} onClick={() => setRemoving(app)}>
                Remove from organization
              </Menu.Item>
            </RowActions>
          </Table.Tr>
        ),
      }}
    >
      <AddToOrganizationModal kind="applications" organization={organization} opened={adding} onClose={() => setAdding(false)} onAdded={apps.reload} />
      <EditRolesModal
        opened={Boolean(editing)}
        onClose={() => setEditing(undefined)}
        who={editing?.name ?? ''}
        organizationName={organization.name}
        type="MachineToMachine"
        current={editing?.organizationRoles.map((role) => role.id) ?? []}
        save={(roleIds) => saveRoles(editing!, roleIds)}
      />
      <ConfirmModal
        opened={Boolean(removing)}
        onClose={() => setRemoving(undefined)}
        title={`Remove ${removing?.name ?? ''}?`}
        confirmLabel="Remove app"
        onConfirm={async () => {
          await call(api.DELETE('/api/organizations/{id}/applications/{applicationId}', { params: { path: { id, applicationId: removing!.id } } }));
          notifySuccess(`${removing!.name} removed from ${organization.name}.`);
          apps.reload();
        }}
      >
        The app is no longer associated with {organization.name} and loses every role it holds here. The app itself is kept.
      </ConfirmModal>
    </OrganizationListPanel>
  );
}
