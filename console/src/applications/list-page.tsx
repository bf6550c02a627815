import { Alert, Anchor, Badge, Button, Code, CopyButton, Group, Modal, Paper, SegmentedControl, Stack, Switch, Table, Text, TextInput, Textarea } from '@mantine/core';
import { IconAlertTriangle, IconApps, IconCheck, IconCopy, IconPlus, IconSearchOff } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, call, callPage, PAGE_SIZE } from '../api/client.ts';
import type { Application } from '../api/types.ts';
import { FormError, messageOf } from '../components/form-error.tsx';
import { formatDate } from '../components/format.ts';
import { PageHeader } from '../components/page-header.tsx';
import { Pager } from '../components/pager.tsx';
import { SearchInput } from '../components/search-input.tsx';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';
import { useListParams } from '../components/use-list-params.ts';
import { useLoad } from '../components/use-load.ts';

export const TYPE_LABELS: Record<Application['type'], string> = {
  MachineToMachine: 'Machine-to-machine',
  SPA: 'Single-page app',
  Traditional: 'Traditional web app',
  Native: 'Native app',
};

export function ApplicationsPage() {
  const navigate = useNavigate();
  const { q, page, setQ, setPage } = useListParams();
  const [creating, setCreating] = useState(false);
  const apps = useLoad(() => callPage(api.GET('/api/applications', { params: { query: { search: q || undefined, page, page_size: PAGE_SIZE } } })), [q, page]);
  return (
    <>
      <PageHeader
        title="Applications"
        description="The clients that use Guildhall: apps people sign in to, and machine-to-machine services that call APIs on their own."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            Create application
          </Button>
        }
      />
      <Paper withBorder radius="md" p="md">
        <Group mb="md">
          <SearchInput value={q} onChange={setQ} placeholder="Search by name, ID or description" />
        </Group>
        {apps.error ? (
          <ErrorState error={apps.error} onRetry={apps.reload} />
        ) : !apps.data ? (
          <LoadingState label="Loading applications…" />
        ) : apps.data.rows.length === 0 ? (
          q ? (
            <EmptyState icon={<IconSearchOff size={28} />} title="Nothing matches">
              No application matches “{q}”.
            </EmptyState>
          ) : (
            <EmptyState icon={<IconApps size={28} />} title="No applications yet" />
          )
        ) : (
          <>
            <Table.ScrollContainer minWidth={600}>
              <Table aria-label="Applications">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Type</Table.Th>
                    <Table.Th>App ID</Table.Th>
                    <Table.Th>Created</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {apps.data.rows.map((app) => (
                    <Table.Tr key={app.id} style={{ cursor: 'pointer' }} onClick={() => navigate(`/applications/${app.id}`)}>
                      <Table.Td>
                        <Anchor component={Link} to={`/applications/${app.id}`} fw={500} size="sm" onClick={(event) => event.stopPropagation()}>
                          {app.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={app.type === 'MachineToMachine' ? 'grape' : 'indigo'} tt="none">
                          {TYPE_LABELS[app.type]}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Code>{app.id}</Code>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c="dimmed">
                          {formatDate(app.createdAt)}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager page={page} total={apps.data.total} onChange={setPage} />
          </>
        )}
      </Paper>
      <CreateApplicationModal opened={creating} onClose={() => setCreating(false)} onDone={(id) => navigate(`/applications/${id}`)} onCreated={apps.reload} />
    </>
  );
}

function CreateApplicationModal({ opened, onClose, onDone, onCreated }: { opened: boolean; onClose: () => void; onDone: (id: string) => void; onCreated: () => void }) {
  const [type, setType] = useState<Application['type']>('MachineToMachine');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [redirectUri, setRedirectUri] = useState('');
  const [thirdParty, setThirdParty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<{ id: string; secret: string; name: string }>();
  useEffect(() => {
    if (opened) (setType('MachineToMachine'), setName(''), setDescription(''), setRedirectUri(''), setThirdParty(false), setError(undefined), setCreated(undefined));
  }, [opened]);
  const needsRedirect = type !== 'MachineToMachine';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      const app = await call(
        api.POST('/api/applications', {
          body: {
            name: name.trim(),
            type,
            ...(description.trim() ? { description: description.trim() } : {}),
            ...(needsRedirect && redirectUri ? { oidcClientMetadata: { redirectUris: [redirectUri] } } : {}),
            ...(needsRedirect && thirdParty ? { isThirdParty: true } : {}),
          },
        }),
      );
      onCreated();
      if (app.type === 'MachineToMachine' || app.type === 'Traditional') setCreated({ id: app.id, secret: app.secret, name: app.name });
      else {
        onClose();
        onDone(app.id);
      }
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  if (created) {
    return (
      <Modal opened={opened} onClose={() => (onClose(), onDone(created.id))} centered size="lg" title={<Text fw={600}>{created.name} is ready</Text>} closeOnClickOutside={false}>
        <Stack>
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title="Copy the secret now">
            This is the only time the Console shows this secret. Store it in your service's secret manager.
          </Alert>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Client ID
            </Text>
            <SecretLine value={created.id} />
          </Stack>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Client secret
            </Text>
            <SecretLine value={created.secret} />
          </Stack>
          <Group justify="flex-end">
            <Button onClick={() => (onClose(), onDone(created.id))}>I have stored the secret</Button>
          </Group>
        </Stack>
      </Modal>
    );
  }
  return (
    <Modal opened={opened} onClose={onClose} centered title={<Text fw={600}>Create application</Text>}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Type
            </Text>
            <SegmentedControl
              fullWidth
              value={type}
              onChange={(value) => setType(value as Application['type'])}
              data={[
                { value: 'MachineToMachine', label: 'Machine-to-machine' },
                { value: 'Traditional', label: 'Web app' },
                { value: 'SPA', label: 'Single-page' },
              ]}
            />
          </Stack>
          <TextInput label="Name" required placeholder="Billing sync" value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={256} data-autofocus />
          <Textarea label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={2} />
          {needsRedirect && <TextInput label="Redirect URI" placeholder="https://app.example.com/callback" value={redirectUri} onChange={(e) => setRedirectUri(e.currentTarget.value.trim())} description="Where Guildhall sends people back after sign-in. You can add more later." />}
          {needsRedirect && (
            <Switch
              label="Third-party app"
              description="Made by someone else. People see a consent page and choose which of their organizations it may access. This cannot change later."
              checked={thirdParty}
              onChange={(e) => setThirdParty(e.currentTarget.checked)}
            />
          )}
          <FormError error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={!name.trim()}>
              Create application
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function SecretLine({ value }: { value: string }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Code block style={{ flex: 1, overflowWrap: 'anywhere' }} data-secret>
        {value}
      </Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button size="xs" variant="light" color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />} onClick={copy}>
            {copied ? 'Copied' : 'Copy'}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}
