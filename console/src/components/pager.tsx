import { Group, Pagination, Text } from '@mantine/core';
import { PAGE_SIZE } from '../api/client.ts';

export function Pager({ page, total, onChange, pageSize = PAGE_SIZE }: { page: number; total: number; onChange: (page: number) => void; pageSize?: number }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <Group justify="space-between" mt="md" wrap="wrap">
      <Text size="sm" c="dimmed">
        {total === 0 ? 'No results' : `${first}–${last} of ${total}`}
      </Text>
      {pages > 1 && <Pagination size="sm" value={page} total={pages} onChange={onChange} getControlProps={(control) => ({ 'aria-label': `${control} page` })} />}
    </Group>
  );
}
