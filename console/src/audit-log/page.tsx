import { Paper } from '@mantine/core';
import { api, callPage, PAGE_SIZE } from '../api/client.ts';
import { PageHeader } from '../components/page-header.tsx';
import { AuditLogTable } from './audit-log-table.tsx';

/** Every change made through the Management API or this Console, newest first. */
export function AuditLogPage() {
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change Guildhall accepted through the Management API or this Console — organizations, the template, users, applications, API resources — newest first, with who made it and what was sent. An organization's own trail is also on its page."
      />
      <Paper withBorder radius="md" p="lg">
        <AuditLogTable
          load={(page) => callPage(api.GET('/api/audit-logs', { params: { query: { page, page_size: PAGE_SIZE } } }))}
          deps={[]}
          organizations
          empty="Changes appear here as they are made."
        />
      </Paper>
    </>
  );
}
