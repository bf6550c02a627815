import { Anchor, Badge, Button, Code, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import { api, callPage, PAGE_SIZE, type paths } from '../api/client.ts';
import type { Organization } from '../api/types.ts';
import { formatDateTime } from '../components/format.ts';
import { Pager } from '../components/pager.tsx';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';
import { useLoad } from '../components/use-load.ts';

type Entry = paths['/api/organizations/{id}/audit-logs']['get']['responses'][200]['content']['application/json'][number];

/** What a change did, in words, by method and route pattern; other routes show as they are. */
const CHANGES: Record<string, string> = {
  'POST /api/organizations': 'Created the organization',
  'PATCH /api/organizations/:id': 'Updated the organization',
  'DELETE /api/organizations/:id': 'Deleted the organization',
  'POST /api/organizations/:id/users': 'Added members',
  'PUT /api/organizations/:id/users': 'Replaced the members',
  'PATCH /api/organizations/:id/users/:userId': 'Changed a membership',
  'DELETE /api/organizations/:id/users/:userId': 'Removed a member',
  'POST /api/organizations/:id/users/roles': 'Gave roles to members',
  'POST /api/organizations/:id/users/:userId/roles': 'Gave a member roles',
  'PUT /api/organizations/:id/users/:userId/roles': "Set a member's roles",
  'DELETE /api/organizations/:id/users/:userId/roles/:organizationRoleId': 'Took a role from a member',
  'POST /api/organizations/:id/applications': 'Added applications',
  'PUT /api/organizations/:id/applications': 'Replaced the applications',
  'DELETE /api/organizations/:id/applications/:applicationId': 'Removed an application',
  'POST /api/organizations/:id/applications/roles': 'Gave roles to applications',
  'POST /api/organizations/:id/applications/:applicationId/roles': 'Gave an application roles',
  'PUT /api/organizations/:id/applications/:applicationId/roles': "Set an application's roles",
  'DELETE /api/organizations/:id/applications/:applicationId/roles/:organizationRoleId': 'Took a role from an application',
  'POST /api/organization-invitations': 'Invited someone',
  'PUT /api/organization-invitations/:id/status': 'Changed an invitation',
  'DELETE /api/organization-invitations/:id': 'Deleted an invitation',
};

const describe = (entry: Entry) =>
  CHANGES[`${entry.method} ${entry.route}`] ?? (entry.route.includes('/jit/') ? 'Changed just-in-time provisioning' : `${entry.method} ${entry.route}`);

function Actor({ actor }: { actor: Entry['actor'] }) {
  const person = actor.type === 'User';
  return (
    <Stack gap={2}>
      {actor.name === null ? (
        <Text size="sm" ff="monospace" title="Deleted since">
          {actor.id}
        </Text>
      ) : (
        <Anchor component={Link} to={person ? `/users/${actor.id}` : `/applications/${actor.id}`} size="sm">
          {actor.name}
        </Anchor>
      )}
      <Text size="xs" c="dimmed">
        {person ? `A person${actor.applicationId ? `, through ${actor.applicationId}` : ''}` : 'A machine-to-machine app'}
      </Text>
    </Stack>
  );
}

/**
 * The organization's audit trail: every change made to it through the Management API or this
 * Console, newest first, with who made it and what was sent (secrets redacted by the server).
 */
export function AuditLogTab({ organization }: { organization: Organization }) {
  const id = organization.id;
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string>();
  const entries = useLoad(
    () => callPage(api.GET('/api/organizations/{id}/audit-logs', { params: { path: { id }, query: { page, page_size: PAGE_SIZE } } })),
    [id, page],
  );

  return (
    <Paper withBorder radius="md" p="lg">
      <Text size="sm" c="dimmed" mb="md" maw={720}>
        Every change to {organization.name}, its members, applications and invitations that Guildhall accepted, newest first:
        who made it, when, and what was sent. Entries are kept for the retention the server is configured with (180 days
        by default).
      </Text>
      {entries.error ? (
        <ErrorState error={entries.error} onRetry={entries.reload} />
      ) : !entries.data ? (
        <LoadingState />
      ) : entries.data.total === 0 ? (
        <EmptyState icon={<IconHistory size={28} />} title="No changes recorded">
          Changes to {organization.name} appear here as they are made.
        </EmptyState>
      ) : (
        <>
          <Table aria-label="Audit log" miw={720}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Change</Table.Th>
                <Table.Th>By</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.data.rows.map((entry) => (
                <Fragment key={entry.id}>
                  <Table.Tr data-change={describe(entry)}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.createdAt)}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{describe(entry)}</Text>
                      <Group gap={6}>
                        <Badge size="xs" variant="light" color="gray" tt="none">
                          {entry.method}
                        </Badge>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {entry.path}
                        </Text>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Actor actor={entry.actor} />
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="subtle"
                        aria-expanded={open === entry.id}
                        aria-label={`Details of “${describe(entry)}” at ${formatDateTime(entry.createdAt)}`}
                        onClick={() => setOpen(open === entry.id ? undefined : entry.id)}
                      >
                        {open === entry.id ? 'Hide' : 'Details'}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                  {open === entry.id && (
                    <Table.Tr>
                      <Table.Td colSpan={4}>
                        <Code block aria-label="Request body">
                          {JSON.stringify({ status: entry.status, params: entry.params, body: entry.body, ip: entry.ip, userAgent: entry.userAgent }, null, 2)}
                        </Code>
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
          <Pager page={page} total={entries.data.total} onChange={setPage} />
        </>
      )}
    </Paper>
  );
}
