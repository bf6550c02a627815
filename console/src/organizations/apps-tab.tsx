import { ActionIcon, Anchor, Button, Group, Menu, Modal, Paper, Stack, Table, Text, ThemeIcon } from '@mantine/core';
import { IconApps, IconDots, IconPlugConnected, IconRobot, IconSearchOff, IconShieldCog, IconUnlink } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, call, callPage, PAGE_SIZE } from '../api/client.ts';
import type { Organization, OrganizationApp } from '../api/types.ts';
import { ConfirmModal } from '../components/confirm-modal.tsx';
import { FormError, messageOf } from '../components/form-error.tsx';
import { notifySuccess } from '../components/notify.ts';
import { Pager } from '../components/pager.tsx';
import { SearchInput } from '../components/search-input.tsx';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';
import { RoleTags } from '../components/tags.tsx';
import { useLoad } from '../components/use-load.ts';
import { EditRolesModal } from './edit-roles-modal.tsx';
import { Picker, type PickerItem } from './picker.tsx';
import { RoleSelect } from './role-select.tsx';

function AppCell({ app }: { app: { id: string; name: string; description?: string | null } }) {
  return (
    <Group gap="sm" wrap="nowrap">
      <ThemeIcon variant="light" color="grape" radius="xl" size={32}>
        <IconRobot size={18} />
      </ThemeIcon>
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text size="sm" fw={500} truncate>
          {app.name}
        </Text>
        <Text size="xs" c="dimmed" truncate>
          {app.description || app.id}
        </Text>
      </Stack>
    </Group>
  );
}

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
      <AddAppsModal organization={organization} opened={adding} onClose={() => setAdding(false)} onAdded={apps.reload} />
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

function AddAppsModal({ organization, opened, onClose, onAdded }: { organization: Organization; opened: boolean; onClose: () => void; onAdded: () => void }) {
  const [selected, setSelected] = useState<PickerItem[]>([]);
  const [roleIds, setRoleIds] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (opened) {
      setSelected([]);
      setRoleIds([]);
      setError(undefined);
    }
  }, [opened]);
  const search = async (query: string, page: number) => {
    const { rows, total } = await callPage(
      api.GET('/api/applications', {
        params: { query: { excludeOrganizationId: organization.id, types: ['MachineToMachine'], search: query || undefined, page, page_size: 20 } },
      }),
    );
    return { total, items: rows.map((app) => ({ id: app.id, label: app.name, render: <AppCell app={app} /> })) };
  };
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    const applicationIds = selected.map((item) => item.id);
    try {
      await call(api.POST('/api/organizations/{id}/applications', { params: { path: { id: organization.id } }, body: { applicationIds } }));
      if (roleIds.length > 0) {
        await call(
          api.POST('/api/organizations/{id}/applications/roles', {
            params: { path: { id: organization.id } },
            body: { applicationIds, organizationRoleIds: roleIds },
          }),
        );
      }
      notifySuccess(`${applicationIds.length === 1 ? selected[0]!.label : `${applicationIds.length} apps`} added to ${organization.name}.`);
      onAdded();
      onClose();
    } catch (caught) {
      setError(messageOf(caught));
      onAdded();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} size="xl" centered title={<Text fw={600}>Add apps to {organization.name}</Text>}>
      <Stack>
        <Text size="sm" c="dimmed">
          Only machine-to-machine apps can join an organization. Apps already in it are not listed.
        </Text>
        <Picker search={search} selected={selected} onChange={setSelected} placeholder="Search apps" noun="app" />
        <RoleSelect type="MachineToMachine" label="Give them these organization roles" description="Optional." value={roleIds} onChange={setRoleIds} />
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void submit()} loading={busy} disabled={selected.length === 0}>
            {selected.length > 1 ? `Add ${selected.length} apps` : 'Add app'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
