import { Anchor, Badge, Button, Code, Group, Modal, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconPlus, IconServer } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, call } from '../api/client.ts';
import { FormError, messageOf } from '../components/form-error.tsx';
import { plural } from '../components/format.ts';
import { notifySuccess } from '../components/notify.ts';
import { PageHeader } from '../components/page-header.tsx';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';
import { useLoad } from '../components/use-load.ts';
import { loadAllResources, MANAGEMENT_API_RESOURCE_ID } from './resources-source.ts';

export function ResourcesPage() {
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const resources = useLoad(loadAllResources, []);
  return (
    <>
      <PageHeader
        title="API resources"
        description="Your APIs, each named by an indicator URL that becomes the audience of its access tokens. Their permissions can be granted by organization roles."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            Create API resource
          </Button>
        }
      />
      <Paper withBorder radius="md" p="md">
        {resources.error ? (
          <ErrorState error={resources.error} onRetry={resources.reload} />
        ) : !resources.data ? (
          <LoadingState label="Loading API resources…" />
        ) : resources.data.length === 0 ? (
          <EmptyState icon={<IconServer size={28} />} title="No API resources yet" />
        ) : (
          <Table.ScrollContainer minWidth={600}>
            <Table aria-label="API resources">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Indicator</Table.Th>
                  <Table.Th>Permissions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {resources.data.map((resource) => (
                  <Table.Tr key={resource.id} style={{ cursor: 'pointer' }} onClick={() => navigate(`/api-resources/${resource.id}`)}>
                    <Table.Td>
                      <Group gap="xs">
                        <Anchor component={Link} to={`/api-resources/${resource.id}`} fw={500} size="sm" onClick={(event) => event.stopPropagation()}>
                          {resource.name}
                        </Anchor>
                        {resource.id === MANAGEMENT_API_RESOURCE_ID && (
                          <Badge size="xs" variant="outline" color="gray">
                            Built in
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Code>{resource.indicator}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed">
                        {resource.scopes ? plural(resource.scopes.length, 'permission') : '—'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      <CreateResourceModal opened={creating} onClose={() => setCreating(false)} onCreated={(id) => navigate(`/api-resources/${id}`)} />
    </>
  );
}

function CreateResourceModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const [name, setName] = useState('');
  const [indicator, setIndicator] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (opened) (setName(''), setIndicator(''), setError(undefined));
  }, [opened]);
  const indicatorError = indicator && !/^https?:\/\/[^\s#]+$/.test(indicator) ? 'Use an absolute URL without a fragment, such as https://api.example.com.' : undefined;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim() || !indicator || indicatorError) return;
    setBusy(true);
    setError(undefined);
    try {
      const resource = await call(api.POST('/api/resources', { body: { name: name.trim(), indicator } }));
      notifySuccess(`API resource ${resource.name} created.`);
      onClose();
      onCreated(resource.id);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} centered title={<Text fw={600}>Create API resource</Text>}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Name" required placeholder="Invoices API" value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <TextInput label="Indicator" required placeholder="https://invoices.example.com" description="The audience of its tokens (RFC 8707). It cannot be changed later." value={indicator} onChange={(e) => setIndicator(e.currentTarget.value.trim())} error={indicatorError} />
          <FormError error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={!name.trim() || !indicator}>
              Create API resource
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
