import { ActionIcon, Badge, Button, Code, Group, Modal, Paper, Stack, Table, Text, TextInput, Textarea, Tooltip } from '@mantine/core';
import { IconKey, IconPencil, IconPlus, IconSearchOff, IconTrash } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { api, call } from '../api/client.ts';
import type { OrganizationScope } from '../api/types.ts';
import { ConfirmModal } from '../components/confirm-modal.tsx';
import { FormError, messageOf } from '../components/form-error.tsx';
import { plural } from '../components/format.ts';
import { notifySuccess } from '../components/notify.ts';
import { SearchInput } from '../components/search-input.tsx';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';
import { useListParams } from '../components/use-list-params.ts';
import { useLoad } from '../components/use-load.ts';
import { loadAllOrganizationRoles } from './roles-source.ts';

export function PermissionsTab() {
  const { q, setQ } = useListParams();
  const [editing, setEditing] = useState<OrganizationScope | 'new'>();
  const [deleting, setDeleting] = useState<OrganizationScope>();
  const scopes = useLoad(() => call(api.GET('/api/organization-scopes', { params: { query: { q: q || undefined } } })), [q]);
  const roles = useLoad(() => loadAllOrganizationRoles(), []);
  const rolesWith = (scopeId: string) => (roles.data ?? []).filter((role) => role.scopes.some((scope) => scope.id === scopeId));

  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="md" wrap="wrap">
        <SearchInput value={q} onChange={setQ} placeholder="Search by permission name" />
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
          Create organization permission
        </Button>
      </Group>
      {scopes.error ? (
        <ErrorState error={scopes.error} onRetry={scopes.reload} />
      ) : !scopes.data ? (
        <LoadingState label="Loading permissions…" />
      ) : scopes.data.length === 0 && !q ? (
        <EmptyState icon={<IconKey size={28} />} title="No organization permissions yet" action={<Button onClick={() => setEditing('new')}>Create organization permission</Button>}>
          Permissions name the things a member may do inside an organization, such as <Code>invite:member</Code> or{' '}
          <Code>manage:billing</Code>. Your app checks them in organization tokens.
        </EmptyState>
      ) : scopes.data.length === 0 ? (
        <EmptyState icon={<IconSearchOff size={28} />} title="Nothing matches">
          No permission matches “{q}”.
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table aria-label="Organization permissions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Permission</Table.Th>
                <Table.Th>Description</Table.Th>
                <Table.Th>Used by</Table.Th>
                <Table.Th w={96} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {scopes.data.map((scope) => (
                <Table.Tr key={scope.id}>
                  <Table.Td>
                    <Badge variant="light" color="teal" radius="sm" tt="none" size="lg">
                      {scope.name}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={scope.description ? undefined : 'dimmed'}>
                      {scope.description || '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {roles.data ? plural(rolesWith(scope.id).length, 'role') : '…'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Tooltip label="Edit description">
                        <ActionIcon variant="subtle" color="gray" aria-label={`Edit ${scope.name}`} onClick={() => setEditing(scope)}>
                          <IconPencil size={16} />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label="Delete">
                        <ActionIcon variant="subtle" color="red" aria-label={`Delete ${scope.name}`} onClick={() => setDeleting(scope)}>
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <PermissionModal
        scope={editing}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          scopes.reload();
        }}
      />
      <ConfirmModal
        opened={Boolean(deleting)}
        onClose={() => setDeleting(undefined)}
        title={`Delete ${deleting?.name ?? ''}?`}
        confirmLabel="Delete permission"
        onConfirm={async () => {
          await call(api.DELETE('/api/organization-scopes/{id}', { params: { path: { id: deleting!.id } } }));
          notifySuccess(`Permission ${deleting!.name} deleted.`);
          scopes.reload();
          roles.reload();
        }}
      >
        {deleting && (
          <Stack gap="xs">
            <Text size="sm">
              {rolesWith(deleting.id).length === 0
                ? 'No role grants this permission, so nobody loses access.'
                : `${plural(rolesWith(deleting.id).length, 'role')} will lose this permission: ${rolesWith(deleting.id)
                    .map((role) => role.name)
                    .join(', ')}. Members holding them no longer get it in new organization tokens.`}
            </Text>
            <Text size="sm">This cannot be undone.</Text>
          </Stack>
        )}
      </ConfirmModal>
    </Paper>
  );
}

function PermissionModal({ scope, onClose, onSaved }: { scope: OrganizationScope | 'new' | undefined; onClose: () => void; onSaved: () => void }) {
  const isNew = scope === 'new';
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!scope) return;
    setName(scope === 'new' ? '' : scope.name);
    setDescription(scope === 'new' ? '' : (scope.description ?? ''));
    setTouched(false);
    setError(undefined);
  }, [scope]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!name.trim() || !scope) return;
    setBusy(true);
    setError(undefined);
    try {
      if (scope === 'new') {
        await call(api.POST('/api/organization-scopes', { body: { name: name.trim(), description: description.trim() || null } }));
        notifySuccess(`Permission ${name.trim()} created.`);
      } else {
        await call(api.PATCH('/api/organization-scopes/{id}', { params: { path: { id: scope.id } }, body: { description: description.trim() || null } }));
        notifySuccess(`Permission ${scope.name} saved.`);
      }
      onSaved();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={Boolean(scope)} onClose={onClose} centered title={<Text fw={600}>{isNew ? 'Create organization permission' : 'Edit organization permission'}</Text>}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Permission name"
            required
            placeholder="invite:member"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            readOnly={!isNew}
            description={isNew ? 'What tokens will carry; apps check it by this name.' : 'The name cannot change: apps check tokens for it.'}
            error={touched && !name.trim() ? 'Give the permission a name.' : undefined}
            maxLength={128}
            data-autofocus={isNew || undefined}
          />
          <Textarea label="Description" placeholder="Invite people to the organization" value={description} onChange={(e) => setDescription(e.currentTarget.value)} maxLength={256} autosize minRows={2} data-autofocus={!isNew || undefined} />
          <FormError error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {isNew ? 'Create permission' : 'Save'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
