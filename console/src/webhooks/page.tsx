import { Alert, Badge, Button, Code, Group, MultiSelect, Paper, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { IconWebhook } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { api, call, type paths } from '../api/client.ts';
import { ConfirmModal } from '../components/confirm-modal.tsx';
import { CopyId } from '../components/copy-id.tsx';
import { formatDateTime } from '../components/format.ts';
import { PageHeader } from '../components/page-header.tsx';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';
import { useAction } from '../components/use-action.ts';
import { useLoad } from '../components/use-load.ts';

type Hook = paths['/api/hooks']['get']['responses'][200]['content']['application/json'][number];
type HookEvent = paths['/api/hooks']['post']['requestBody']['content']['application/json']['events'][number];

const EVENTS: Array<{ value: HookEvent; label: string }> = [
  { value: 'Organization.Created', label: 'Organization created' },
  { value: 'Organization.Data.Updated', label: 'Organization updated' },
  { value: 'Organization.Deleted', label: 'Organization deleted' },
  { value: 'Organization.Membership.Updated', label: 'Members joined or left' },
  { value: 'Organization.MemberRoles.Updated', label: "Members' roles changed" },
  { value: 'OrganizationRole.Created', label: 'Organization role created' },
  { value: 'OrganizationRole.Data.Updated', label: 'Organization role updated' },
  { value: 'OrganizationRole.Deleted', label: 'Organization role deleted' },
  { value: 'OrganizationRole.Scopes.Updated', label: "Role's permissions changed" },
  { value: 'OrganizationScope.Created', label: 'Organization permission created' },
  { value: 'OrganizationScope.Data.Updated', label: 'Organization permission updated' },
  { value: 'OrganizationScope.Deleted', label: 'Organization permission deleted' },
  { value: 'OrganizationInvitation.Created', label: 'Invitation created' },
  { value: 'OrganizationInvitation.Status.Updated', label: 'Invitation accepted or revoked' },
  { value: 'OrganizationInvitation.Deleted', label: 'Invitation deleted' },
  { value: 'User.Created', label: 'User created' },
  { value: 'User.Data.Updated', label: 'User updated' },
  { value: 'User.SuspensionStatus.Updated', label: 'User suspended or reactivated' },
  { value: 'User.Deleted', label: 'User deleted' },
  { value: 'Role.Created', label: 'Role created' },
  { value: 'Role.Data.Updated', label: 'Role updated' },
  { value: 'Role.Scopes.Updated', label: "Role's API permissions changed" },
  { value: 'Role.Deleted', label: 'Role deleted' },
  { value: 'Scope.Created', label: 'API permission created' },
  { value: 'Scope.Data.Updated', label: 'API permission updated' },
  { value: 'Scope.Deleted', label: 'API permission deleted' },
  { value: 'PostRegister', label: 'Someone registered (hosted pages)' },
  { value: 'PostSignIn', label: 'Someone signed in (hosted pages)' },
];
const labelOf = (event: string) => EVENTS.find((item) => item.value === event)?.label ?? event;

/**
 * Webhooks: endpoints of the product that receive Guildhall's events, each request signed with
 * the hook's key (`logto-signature-sha-256`), with the outcome of recent deliveries.
 */
export function WebhooksPage() {
  const hooks = useLoad(() => call(api.GET('/api/hooks')), []);
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<HookEvent[]>([]);
  const [open, setOpen] = useState<string>();
  const [deleting, setDeleting] = useState<Hook>();
  const [rekeying, setRekeying] = useState<Hook>();
  const { busy, error, run } = useAction(hooks.reload);

  const create = () =>
    run(() => call(api.POST('/api/hooks', { body: { name: name.trim(), events, config: { url: url.trim() } } })), `Webhook “${name.trim()}” created.`).then(
      (done) => {
        if (done) {
          setName('');
          setUrl('');
          setEvents([]);
        }
      },
    );

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Your product's endpoints that Guildhall calls when organizations, their members and roles, or the organization template change. Each request is signed with the webhook's key; deliveries are retried three times."
      />
      <Stack>
        <Paper withBorder radius="md" p="lg" component="form" aria-label="Create a webhook" onSubmit={(event) => (event.preventDefault(), void create())}>
          <Title order={5} mb="sm">
            Create a webhook
          </Title>
          <Group align="flex-end" gap="sm">
            <TextInput label="Name" required value={name} onChange={(event) => setName(event.currentTarget.value)} miw={200} />
            <TextInput
              label="Endpoint URL"
              required
              placeholder="https://example.com/hooks/guildhall"
              value={url}
              onChange={(event) => setUrl(event.currentTarget.value)}
              miw={320}
            />
            <MultiSelect label="Events" placeholder="Choose events" data={EVENTS} value={events} onChange={(value) => setEvents(value as HookEvent[])} miw={260} />
            <Button type="submit" leftSection={<IconWebhook size={16} />} loading={busy} disabled={!name.trim() || !url.trim() || events.length === 0}>
              Create webhook
            </Button>
          </Group>
          {error && (
            <Alert color="red" variant="light" mt="sm" role="alert">
              {error}
            </Alert>
          )}
        </Paper>
        <Paper withBorder radius="md" p="lg">
          {hooks.error ? (
            <ErrorState error={hooks.error} onRetry={hooks.reload} />
          ) : !hooks.data ? (
            <LoadingState />
          ) : hooks.data.length === 0 ? (
            <EmptyState icon={<IconWebhook size={28} />} title="No webhooks">
              Create one above to have your product told when organizations, invitations, users or roles change, or someone signs in.
            </EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={820}>
              <Table aria-label="Webhooks">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th miw={220}>Events</Table.Th>
                    <Table.Th>Signing key</Table.Th>
                    <Table.Th>Enabled</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {hooks.data.map((hook) => (
                    <Fragment key={hook.id}>
                      <Table.Tr data-hook={hook.name}>
                        <Table.Td>
                          <Text size="sm">{hook.name}</Text>
                          <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-all' }}>
                            {hook.config.url}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4}>
                            {hook.events.map((event) => (
                              <Badge key={event} size="sm" variant="light" tt="none">
                                {labelOf(event)}
                              </Badge>
                            ))}
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <Text size="xs" ff="monospace" c="dimmed">
                            {hook.signingKey.slice(0, 6)}…
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Switch
                            checked={hook.enabled}
                            aria-label={`${hook.name} enabled`}
                            disabled={busy}
                            onChange={(event) => {
                              const enabled = event.currentTarget.checked;
                              void run(
                                () => call(api.PATCH('/api/hooks/{id}', { params: { path: { id: hook.id } }, body: { enabled } })),
                                `Webhook “${hook.name}” ${enabled ? 'enabled' : 'disabled'}.`,
                              );
                            }}
                          />
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4} wrap="nowrap" justify="flex-end">
                            <Button size="xs" variant="subtle" aria-expanded={open === hook.id} onClick={() => setOpen(open === hook.id ? undefined : hook.id)}>
                              {open === hook.id ? 'Hide deliveries' : 'Deliveries'}
                            </Button>
                            <Button
                              size="xs"
                              variant="subtle"
                              color="gray"
                              disabled={busy || hook.events.length === 0}
                              onClick={() =>
                                void run(
                                  () =>
                                    call(
                                      api.POST('/api/hooks/{id}/test', {
                                        params: { path: { id: hook.id } },
                                        body: { events: hook.events as HookEvent[], config: hook.config },
                                      }),
                                    ),
                                  `The endpoint of “${hook.name}” answered a signed sample of each of its events.`,
                                )
                              }
                            >
                              Send test
                            </Button>
                            <Button size="xs" variant="subtle" color="gray" disabled={busy} onClick={() => setRekeying(hook)}>
                              Replace key
                            </Button>
                            <Button size="xs" variant="subtle" color="red" aria-label={`Delete ${hook.name}`} onClick={() => setDeleting(hook)}>
                              Delete
                            </Button>
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                      {open === hook.id && (
                        <Table.Tr>
                          <Table.Td colSpan={5}>
                            <SigningKey hook={hook} />
                            <Deliveries hookId={hook.id} />
                          </Table.Td>
                        </Table.Tr>
                      )}
                    </Fragment>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Paper>
      </Stack>
      <ConfirmModal
        opened={rekeying !== undefined}
        onClose={() => setRekeying(undefined)}
        title={`Replace the signing key of “${rekeying?.name ?? ''}”?`}
        confirmLabel="Replace key"
        color="orange"
        onConfirm={async () => {
          await call(api.PATCH('/api/hooks/{id}/signing-key', { params: { path: { id: rekeying!.id } }, body: {} }));
          setRekeying(undefined);
          hooks.reload();
        }}
      >
        Every request from now on, pending retries included, is signed with the new key: requests fail your endpoint’s check until
        it has the new key.
      </ConfirmModal>
      <ConfirmModal
        opened={deleting !== undefined}
        onClose={() => setDeleting(undefined)}
        title={`Delete “${deleting?.name ?? ''}”?`}
        confirmLabel="Delete webhook"
        onConfirm={async () => {
          await call(api.DELETE('/api/hooks/{id}', { params: { path: { id: deleting!.id } } }));
          setDeleting(undefined);
          hooks.reload();
        }}
      >
        Guildhall stops calling {deleting?.config.url}. Its delivery history goes with it.
      </ConfirmModal>
    </>
  );
}

function SigningKey({ hook }: { hook: Hook }) {
  return (
    <Group gap="xs" mb="sm">
      <Text size="sm">
        Signing key — your endpoint recomputes <Code>logto-signature-sha-256</Code>, the hex HMAC-SHA256 of the body, with it:
      </Text>
      <CopyId value={hook.signingKey} label="signing key" />
    </Group>
  );
}

function Deliveries({ hookId }: { hookId: string }) {
  const deliveries = useLoad(() => call(api.GET('/api/hooks/{id}/recent-logs', { params: { path: { id: hookId }, query: { page_size: 20 } } })), [hookId]);
  if (deliveries.error) return <ErrorState error={deliveries.error} onRetry={deliveries.reload} />;
  if (!deliveries.data) return <LoadingState />;
  if (deliveries.data.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Nothing delivered yet.
      </Text>
    );
  }
  return (
    <Table aria-label="Recent deliveries" withRowBorders={false}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>When</Table.Th>
          <Table.Th>Event</Table.Th>
          <Table.Th>Result</Table.Th>
          <Table.Th>Attempts</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {deliveries.data.map((delivery) => (
          <Table.Tr key={delivery.id}>
            <Table.Td>{formatDateTime(delivery.createdAt)}</Table.Td>
            <Table.Td>{labelOf(delivery.event)}</Table.Td>
            <Table.Td>
              <Badge color={delivery.state === 'Delivered' ? 'teal' : delivery.state === 'Failed' ? 'red' : 'blue'} variant="light" tt="none">
                {delivery.state === 'Delivered'
                  ? `Delivered (${delivery.responseStatus})`
                  : delivery.state === 'Failed'
                    ? `Failed: ${delivery.error ?? 'unknown error'}`
                    : delivery.error
                      ? `Retrying: ${delivery.error}`
                      : 'Pending'}
              </Badge>
            </Table.Td>
            <Table.Td>{delivery.attempts}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
