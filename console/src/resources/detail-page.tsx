import { Badge, Button, Code, Group, Modal, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconKey, IconPlus } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { api, call } from '../api/client.ts';
import { CopyId } from '../components/copy-id.tsx';
import { FormError, messageOf } from '../components/form-error.tsx';
import { notifySuccess } from '../components/notify.ts';
import { PageHeader } from '../components/page-header.tsx';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';
import { useLoad } from '../components/use-load.ts';
import { MANAGEMENT_API_RESOURCE_ID } from './resources-source.ts';

export function ResourceDetailPage() {
  const { id = '' } = useParams();
  const [creating, setCreating] = useState(false);
  const resource = useLoad(() => call(api.GET('/api/resources/{id}', { params: { path: { id } } })), [id]);
  const scopes = useLoad(() => call(api.GET('/api/resources/{resourceId}/scopes', { params: { path: { resourceId: id } } })), [id]);
  const back = { to: '/api-resources', label: 'API resources' };
  if (resource.error) {
    return (
      <>
        <PageHeader title="API resource" back={back} />
        <ErrorState error={resource.error} onRetry={resource.reload} />
      </>
    );
  }
  if (!resource.data) return <LoadingState />;
  const builtIn = resource.data.id === MANAGEMENT_API_RESOURCE_ID;
  return (
    <>
      <PageHeader
        back={back}
        title={resource.data.name}
        meta={
          <Group gap="md">
            <CopyId label="Indicator" value={resource.data.indicator} />
            <Text size="xs" c="dimmed">
              Tokens live {Math.round(resource.data.accessTokenTtl / 60)} minutes
            </Text>
          </Group>
        }
        actions={
          !builtIn && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              Create permission
            </Button>
          )
        }
      />
      <Paper withBorder radius="md" p="md">
        {builtIn && (
          <Text size="sm" c="dimmed" mb="md">
            Guildhall's own Management API. Its single permission, <Code>all</Code>, is granted to administrators and to
            apps holding the Management API access role.
          </Text>
        )}
        {scopes.error ? (
          <ErrorState error={scopes.error} onRetry={scopes.reload} />
        ) : !scopes.data ? (
          <LoadingState />
        ) : scopes.data.length === 0 ? (
          <EmptyState icon={<IconKey size={28} />} title="No permissions yet" action={<Button onClick={() => setCreating(true)}>Create permission</Button>}>
            Permissions such as <Code>read:invoices</Code> can then be granted by organization roles.
          </EmptyState>
        ) : (
          <Table aria-label="Permissions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Permission</Table.Th>
                <Table.Th>Description</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {scopes.data.map((scope) => (
                <Table.Tr key={scope.id}>
                  <Table.Td>
                    <Badge variant="light" color="orange" radius="sm" tt="none" size="lg">
                      {scope.name}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{scope.description || '—'}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <CreateScopeModal resourceId={id} opened={creating} onClose={() => setCreating(false)} onCreated={scopes.reload} />
    </>
  );
}

function CreateScopeModal({ resourceId, opened, onClose, onCreated }: { resourceId: string; opened: boolean; onClose: () => void; onCreated: () => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (opened) (setName(''), setDescription(''), setError(undefined));
  }, [opened]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      await call(api.POST('/api/resources/{resourceId}/scopes', { params: { path: { resourceId } }, body: { name: name.trim(), description: description.trim() || null } }));
      notifySuccess(`Permission ${name.trim()} created.`);
      onCreated();
      onClose();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} centered title={<Text fw={600}>Create API permission</Text>}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Permission name" required placeholder="read:invoices" value={name} onChange={(e) => setName(e.currentTarget.value.replace(/\s/g, ''))} description="No spaces: it travels in the token's scope claim." data-autofocus />
          <TextInput label="Description" placeholder="Read invoices" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          <FormError error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={!name.trim()}>
              Create permission
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
