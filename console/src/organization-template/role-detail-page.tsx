import { ActionIcon, Badge, Button, Group, Menu, Paper, Stack, Table, Tabs, Text, TextInput, Textarea, ThemeIcon, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconDots, IconKey, IconPlus, IconSettings, IconTrash, IconUserShield, IconX } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { api, call } from '../api/client.ts';
import type { OrganizationRole } from '../api/types.ts';
import { ConfirmModal } from '../components/confirm-modal.tsx';
import { CopyId } from '../components/copy-id.tsx';
import { FormError, messageOf } from '../components/form-error.tsx';
import { notifySuccess } from '../components/notify.ts';
import { PageHeader } from '../components/page-header.tsx';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';
import { RoleTypeBadge } from '../components/tags.tsx';
import { UnsavedChangesGuard } from '../components/unsaved-guard.tsx';
import { useLoad } from '../components/use-load.ts';
import { loadAllResources } from '../resources/resources-source.ts';
import { AssignPermissionsModal } from './assign-permissions-modal.tsx';

export function RoleDetailPage() {
  const { id = '', tab } = useParams();
  const navigate = useNavigate();
  const [deleting, deleteControls] = useDisclosure();
  const role = useLoad(() => call(api.GET('/api/organization-roles/{id}', { params: { path: { id } } })), [id]);
  const back = { to: '/organization-template/roles', label: 'Organization roles' };
  if (tab !== 'permissions' && tab !== 'general') return <Navigate to={`/organization-template/roles/${id}/permissions`} replace />;
  if (role.error) {
    return (
      <>
        <PageHeader title="Organization role" back={back} />
        <ErrorState error={role.error} onRetry={role.reload} />
      </>
    );
  }
  if (!role.data) return <LoadingState label="Loading the role…" />;
  const current = role.data;
  return (
    <>
      <PageHeader
        back={back}
        icon={
          <ThemeIcon size={48} radius="md" variant="light">
            <IconUserShield size={26} />
          </ThemeIcon>
        }
        title={
          <Group gap="sm">
            {current.name}
            <RoleTypeBadge type={current.type} />
          </Group>
        }
        description={current.description ?? undefined}
        meta={<CopyId label="Role ID" value={current.id} />}
        actions={
          <Menu position="bottom-end" withArrow>
            <Menu.Target>
              <ActionIcon variant="default" size="lg" aria-label="More actions">
                <IconDots size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={deleteControls.open}>
                Delete role
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        }
      />
      <Tabs value={tab} onChange={(next) => next && navigate(`/organization-template/roles/${id}/${next}`)} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="permissions" leftSection={<IconKey size={16} />}>
            Permissions
          </Tabs.Tab>
          <Tabs.Tab value="general" leftSection={<IconSettings size={16} />}>
            General
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="permissions">
          <RolePermissions role={current} />
        </Tabs.Panel>
        <Tabs.Panel value="general">
          <RoleGeneral role={current} onSaved={role.reload} />
        </Tabs.Panel>
      </Tabs>
      <ConfirmModal
        opened={deleting}
        onClose={deleteControls.close}
        title={`Delete the role ${current.name}?`}
        confirmLabel="Delete role"
        onConfirm={async () => {
          await call(api.DELETE('/api/organization-roles/{id}', { params: { path: { id } } }));
          notifySuccess(`Role ${current.name} deleted.`);
          navigate('/organization-template/roles', { replace: true });
        }}
      >
        Every member and app holding this role, in every organization, loses it and the permissions it grants. This cannot be undone.
      </ConfirmModal>
    </>
  );
}

interface Row {
  kind: 'api' | 'organization';
  id: string;
  name: string;
  description: string | null;
  resource?: string;
}

function RolePermissions({ role }: { role: OrganizationRole }) {
  const [assigning, setAssigning] = useState(false);
  const [removing, setRemoving] = useState<Row>();
  const path = { id: role.id };
  const data = useLoad(async () => {
    const [scopes, resourceScopes, resources] = await Promise.all([
      call(api.GET('/api/organization-roles/{id}/scopes', { params: { path } })),
      call(api.GET('/api/organization-roles/{id}/resource-scopes', { params: { path } })),
      loadAllResources().catch(() => []),
    ]);
    const resourceName = new Map(resources.map((resource) => [resource.id, resource.name]));
    const rows: Row[] = [
      ...resourceScopes.map((scope) => ({ kind: 'api' as const, id: scope.id, name: scope.name, description: scope.description, resource: resourceName.get(scope.resourceId) ?? scope.resourceId })),
      ...scopes.map((scope) => ({ kind: 'organization' as const, id: scope.id, name: scope.name, description: scope.description })),
    ];
    return { rows, organizationScopeIds: scopes.map((scope) => scope.id), resourceScopeIds: resourceScopes.map((scope) => scope.id) };
  }, [role.id]);

  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="md">
        <Text size="sm" c="dimmed">
          Members holding {role.name} get all of these in their organization tokens.
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setAssigning(true)}>
          Assign permissions
        </Button>
      </Group>
      {data.error ? (
        <ErrorState error={data.error} onRetry={data.reload} />
      ) : !data.data ? (
        <LoadingState label="Loading permissions…" />
      ) : data.data.rows.length === 0 ? (
        <EmptyState icon={<IconKey size={28} />} title="This role grants nothing yet" action={<Button onClick={() => setAssigning(true)}>Assign permissions</Button>}>
          Add organization permissions, API permissions, or both.
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table aria-label="Permissions of the role">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Permission</Table.Th>
                <Table.Th>Description</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th w={48} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.data.rows.map((row) => (
                <Table.Tr key={`${row.kind}-${row.id}`}>
                  <Table.Td>
                    <Badge variant="light" color={row.kind === 'api' ? 'orange' : 'teal'} radius="sm" tt="none" size="lg">
                      {row.name}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={row.description ? undefined : 'dimmed'}>
                      {row.description || '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{row.kind === 'api' ? `API permission · ${row.resource}` : 'Organization permission'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Tooltip label="Remove from this role">
                      <ActionIcon variant="subtle" color="red" aria-label={`Remove ${row.name}`} onClick={() => setRemoving(row)}>
                        <IconX size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <AssignPermissionsModal
        opened={assigning}
        onClose={() => setAssigning(false)}
        role={role}
        assigned={{ organizationScopeIds: data.data?.organizationScopeIds ?? [], resourceScopeIds: data.data?.resourceScopeIds ?? [] }}
        onAssigned={data.reload}
      />
      <ConfirmModal
        opened={Boolean(removing)}
        onClose={() => setRemoving(undefined)}
        title={`Remove ${removing?.name ?? ''} from ${role.name}?`}
        confirmLabel="Remove permission"
        onConfirm={async () => {
          if (removing!.kind === 'api') {
            await call(api.DELETE('/api/organization-roles/{id}/resource-scopes/{scopeId}', { params: { path: { id: role.id, scopeId: removing!.id } } }));
          } else {
            await call(
              api.DELETE('/api/organization-roles/{id}/scopes/{organizationScopeId}', { params: { path: { id: role.id, organizationScopeId: removing!.id } } }),
            );
          }
          notifySuccess(`${removing!.name} removed from ${role.name}.`);
          data.reload();
        }}
      >
        Members holding {role.name} lose what this permission allowed, from their next organization token on. The permission itself stays in the template.
      </ConfirmModal>
    </Paper>
  );
}

function RoleGeneral({ role, onSaved }: { role: OrganizationRole; onSaved: () => void }) {
  const [name, setName] = useState(role.name);
  const [description, setDescription] = useState(role.description ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    setName(role.name);
    setDescription(role.description ?? '');
  }, [role]);
  const dirty = name !== role.name || description !== (role.description ?? '');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      await call(api.PATCH('/api/organization-roles/{id}', { params: { path: { id: role.id } }, body: { name: name.trim(), description: description.trim() || null } }));
      notifySuccess('Role saved.');
      onSaved();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder radius="md" p="lg">
      <UnsavedChangesGuard dirty={dirty && !busy} />
      <form onSubmit={submit} noValidate>
        <Stack maw={640}>
          <TextInput label="Role name" required value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={128} error={name.trim() ? undefined : 'The role needs a name.'} />
          <Textarea label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} maxLength={256} autosize minRows={2} />
          <FormError error={error} />
          <Group>
            <Button type="submit" disabled={!dirty || !name.trim()} loading={busy}>
              Save changes
            </Button>
            <Button variant="default" disabled={!dirty} onClick={() => (setName(role.name), setDescription(role.description ?? ''))}>
              Discard
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
