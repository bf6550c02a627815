import { ActionIcon, Button, Group, Menu, Paper, Table } from '@mantine/core';
import { IconDots, IconSearchOff } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Pager } from '../components/pager.tsx';
import { SearchInput } from '../components/search-input.tsx';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';
import type { Loaded } from '../components/use-load.ts';

/**
 * The frame that an organization's members tab and its apps tab share: search and an add button,
 * the loading, error, empty and no-match states, a paged table whose last column holds each row's
 * actions menu (`RowActions`). The tabs bring their columns, their rows and their modals (`children`).
 */
export function OrganizationListPanel<Row>({
  list,
  search,
  page,
  add,
  empty,
  noun,
  table,
  children,
}: {
  list: Loaded<{ rows: Row[]; total: number }>;
  search: { value: string; onChange: (value: string) => void; placeholder: string };
  page: { value: number; onChange: (page: number) => void };
  add: { label: string; icon: ReactNode; onClick: () => void };
  /** Shown when the organization has none at all. */
  empty: { icon: ReactNode; title: string; body: ReactNode };
  /** "member", "app": for "No member matches …" and "Loading members…". */
  noun: string;
  /** `head`: the header cells before the actions column; `row`: a whole `Table.Tr`, ending with a `RowActions` cell. */
  table: { label: string; minWidth: number; head: ReactNode; row: (row: Row) => ReactNode };
  children?: ReactNode;
}) {
  const addButton = (
    <Button leftSection={add.icon} onClick={add.onClick}>
      {add.label}
    </Button>
  );
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="md" wrap="wrap">
        <SearchInput value={search.value} onChange={search.onChange} placeholder={search.placeholder} />
        {addButton}
      </Group>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <LoadingState label={`Loading ${noun}s…`} />
      ) : list.data.total === 0 && !search.value ? (
        <EmptyState icon={empty.icon} title={empty.title} action={addButton}>
          {empty.body}
        </EmptyState>
      ) : list.data.rows.length === 0 ? (
        <EmptyState icon={<IconSearchOff size={28} />} title="Nothing matches">
          No {noun} matches “{search.value}”.
        </EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={table.minWidth}>
            <Table aria-label={table.label}>
              <Table.Thead>
                <Table.Tr>
                  {table.head}
                  <Table.Th w={48}>
                    <span className="visually-hidden" style={{ position: 'absolute', left: -9999 }}>
                      Actions
                    </span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody style={{ opacity: list.loading ? 0.6 : 1 }}>{list.data.rows.map(table.row)}</Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager page={page.value} total={list.data.total} onChange={page.onChange} />
        </>
      )}
      {children}
    </Paper>
  );
}

/** The actions cell of a row: a "…" button (named for the row) opening a menu of `children`. */
export function RowActions({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Td>
      <Menu position="bottom-end" withArrow>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${label}`}>
            <IconDots size={18} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>{children}</Menu.Dropdown>
      </Menu>
    </Table.Td>
  );
}
