import { Paper, Text } from '@mantine/core';
import { api, callPage, PAGE_SIZE } from '../api/client.ts';
import type { Organization } from '../api/types.ts';
import { AuditLogTable } from '../audit-log/audit-log-table.tsx';

/**
 * The organization's audit trail: every change made to it, its members, applications and
 * invitations through the Management API or this Console, newest first.
 */
export function AuditLogTab({ organization }: { organization: Organization }) {
  const id = organization.id;
  return (
    <Paper withBorder radius="md" p="lg">
      <Text size="sm" c="dimmed" mb="md" maw={720}>
        Every change to {organization.name}, its members, applications and invitations that Guildhall accepted, newest first:
        who made it, when, and what was sent. Entries are kept for the retention the server is configured with (180 days
        by default).
      </Text>
      <AuditLogTable
        load={(page) => callPage(api.GET('/api/organizations/{id}/audit-logs', { params: { path: { id }, query: { page, page_size: PAGE_SIZE } } }))}
        deps={[id]}
        empty={<>Changes to {organization.name} appear here as they are made.</>}
      />
    </Paper>
  );
}
