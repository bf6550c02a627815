import { Anchor, Badge, Button, Code, Group, Stack, Table, Text } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { Fragment, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { PAGE_SIZE, type paths } from '../api/client.ts';
import { formatDateTime } from '../components/format.ts';
import { Pager } from '../components/pager.tsx';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';
import { useLoad } from '../components/use-load.ts';

export type AuditLogEntry = paths['/api/audit-logs']['get']['responses'][200]['content']['application/json'][number];
type Entry = AuditLogEntry;

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
  'POST /api/organization-roles': 'Created an organization role',
  'PATCH /api/organization-roles/:id': 'Updated an organization role',
  'DELETE /api/organization-roles/:id': 'Deleted an organization role',
  'POST /api/organization-scopes': 'Created an organization permission',
  'PATCH /api/organization-scopes/:id': 'Updated an organization permission',
  'DELETE /api/organization-scopes/:id': 'Deleted an organization permission',
  'POST /api/organization-roles/:id/scopes': 'Gave a role organization permissions',
  'PUT /api/organization-roles/:id/scopes': "Set a role's organization permissions",
  'DELETE /api/organization-roles/:id/scopes/:organizationScopeId': 'Took an organization permission from a role',
  'POST /api/organization-roles/:id/resource-scopes': 'Gave a role API permissions',
  'PUT /api/organization-roles/:id/resource-scopes': "Set a role's API permissions",
  'DELETE /api/organization-roles/:id/resource-scopes/:scopeId': 'Took an API permission from a role',
  'PUT /api/configs/id-token': 'Changed the ID token claims',
  'PATCH /api/configs/id-token': 'Changed the ID token claims',
  'POST /api/hooks': 'Created a webhook',
  'PATCH /api/hooks/:id': 'Updated a webhook',
  'PATCH /api/hooks/:id/signing-key': "Replaced a webhook's signing key",
  'DELETE /api/hooks/:id': 'Deleted a webhook',
  'POST /api/users': 'Created a user',
  'PATCH /api/users/:userId': 'Updated a user',
  'DELETE /api/users/:userId': 'Deleted a user',
  'PATCH /api/users/:userId/password': "Set a user's password",
  'PATCH /api/users/:userId/is-suspended': 'Suspended or restored a user',
  'POST /api/applications': 'Created an application',
  'PATCH /api/applications/:applicationId': 'Updated an application',
  'DELETE /api/applications/:applicationId': 'Deleted an application',
  'POST /api/resources': 'Created an API resource',
  'PATCH /api/resources/:id': 'Updated an API resource',
  'DELETE /api/resources/:id': 'Deleted an API resource',
  'POST /api/resources/:resourceId/scopes': 'Created an API permission',
  'DELETE /api/resources/:resourceId/scopes/:scopeId': 'Deleted an API permission',
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
 * A page of audit-log entries: what changed, when, by whom, and what was sent (secrets redacted by
 * the server). `load` fetches a page; `organizations` adds a column linking each entry's
 * organization (for the list of every change).
 */
export function AuditLogTable({
  load,
  deps,
  organizations = false,
  empty,
}: {
  load: (page: number) => Promise<{ rows: Entry[]; total: number }>;
  deps: readonly unknown[];
  organizations?: boolean;
  empty: ReactNode;
}) {
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string>();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const entries = useLoad(() => load(page), [...deps, page]);
  const columns = organizations ? 5 : 4;

  if (entries.error) return <ErrorState error={entries.error} onRetry={entries.reload} />;
  if (!entries.data) return <LoadingState />;
  if (entries.data.total === 0) {
    return (
      <EmptyState icon={<IconHistory size={28} />} title="No changes recorded">
        {empty}
      </EmptyState>
    );
  }
  return (
    <>
      <Table.ScrollContainer minWidth={720}>
        <Table aria-label="Audit log">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Change</Table.Th>
              {organizations && <Table.Th>Organization</Table.Th>}
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
                    <Group gap={6} wrap="nowrap">
                      <Badge size="xs" variant="light" color="gray" tt="none" style={{ flexShrink: 0 }}>
                        {entry.method}
                      </Badge>
                      <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-all' }}>
                        {entry.path}
                      </Text>
                    </Group>
                  </Table.Td>
                  {organizations && (
                    <Table.Td>
                      {entry.organizationId ? (
                        <Anchor component={Link} to={`/organizations/${entry.organizationId}/audit-log`} size="sm" ff="monospace">
                          {entry.organizationId}
                        </Anchor>
                      ) : (
                        <Text size="sm" c="dimmed">
                          —
                        </Text>
                      )}
                    </Table.Td>
                  )}
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
                    <Table.Td colSpan={columns}>
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
      </Table.ScrollContainer>
      <Pager page={page} total={entries.data.total} onChange={setPage} pageSize={PAGE_SIZE} />
    </>
  );
}
