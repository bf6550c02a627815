import { ActionIcon, Anchor, Button, Group, Menu, Paper, Table } from '@mantine/core';
import { IconApps, IconDots, IconPlugConnected, IconSearchOff, IconShieldCog, IconUnlink } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call, callPage, PAGE_SIZE } from '../api/client.ts';
import type { Organization, OrganizationApp } from '../api/types.ts';
import { ConfirmModal } from '../components/confirm-modal.tsx';
import { notifySuccess } from '../components/notify.ts';
import { Pager } from '../components/pager.tsx';
import { SearchInput } from '../components/search-input.tsx';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';
import { RoleTags } from '../components/tags.tsx';
import { useLoad } from '../components/use-load.ts';
import { AddToOrganizationModal } from './add-to-organization-modal.tsx';
import { AppCell } from './app-cell.tsx';
import { EditRolesModal } from './edit-roles-modal.tsx';


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
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="md" wrap="wrap">
        <SearchInput value={q} onChange={(value) => (setQ(value), setPage(1))} placeholder="Search by app name, ID or description" />
        <Button leftSection={<IconPlugConnected size={16} />} onClick={() => setAdding(true)}>
          Add apps
        </Button>
      </Group>
      {apps.error ? (
        <ErrorState error={apps.error} onRetry={apps.reload} />
      ) : !apps.data ? (
        <LoadingState label="Loading apps…" />
      ) : apps.data.total === 0 && !q ? (
        <EmptyState icon={<IconApps size={28} />} title="No machine-to-machine apps" action={<Button onClick={() => setAdding(true)}>Add apps</Button>}>
          Services that act for {organization.name} without a person — a sync job, a backend — join as machine-to-machine
          apps and get machine-to-machine roles.
        </EmptyState>
      ) : apps.data.rows.length === 0 ? (
        <EmptyState icon={<IconSearchOff size={28} />} title="Nothing matches">
          No app matches “{q}”.
        </EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={600}>
            <Table aria-label="Machine-to-machine apps">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Application</Table.Th>
                  <Table.Th>Organization roles</Table.Th>
                  <Table.Th w={48} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {apps.data.rows.map((app) => (
                  <Table.Tr key={app.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/applications/${app.id}`} underline="never" c="inherit">
                        <AppCell app={app} />
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <RoleTags roles={app.organizationRoles} empty="No roles" />
                    </Table.Td>
                    <Table.Td>
                      <Menu position="bottom-end" withArrow>
                        <Menu.Target>
                          <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${app.name}`}>
                            <IconDots size={18} />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item leftSection={<IconShieldCog size={16} />} onClick={() => setEditing(app)}>
                            Edit roles
                          </Menu.Item>
                          <Menu.Item color="red" leftSection={<IconUnlink size={16} />} onClick={() => setRemoving(app)}>
                            Remove from organization
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager page={page} total={apps.data.total} onChange={setPage} />
        </>
      )}
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
    </Paper>
  );
}
