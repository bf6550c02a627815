import { Badge, Button, Checkbox, CloseButton, Group, Paper, ScrollArea, SimpleGrid, Stack, Text } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { SearchInput } from '../components/search-input.tsx';
import { ErrorState, LoadingState } from '../components/states.tsx';

export interface PickerItem {
  id: string;
  render: ReactNode;
  label: string;
}

/**
 * A two-pane picker: search results on the left (a page at a time, "load more"), the chosen
 * items on the right. Results come from the server, which already leaves out existing members.
 */
export function Picker({
  search,
  selected,
  onChange,
  placeholder,
  noun,
}: {
  search: (query: string, page: number) => Promise<{ items: PickerItem[]; total: number }>;
  selected: PickerItem[];
  onChange: (items: PickerItem[]) => void;
  placeholder: string;
  noun: string;
}) {
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const [items, setItems] = useState<PickerItem[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(undefined);
    search(query, page).then(
      (result) => {
        if (!current) return;
        setItems((previous) => (page === 1 ? result.items : [...previous, ...result.items]));
        setTotal(result.total);
        setLoading(false);
      },
      (caught: unknown) => {
        if (!current) return;
        setError(caught instanceof Error ? caught : new Error(String(caught)));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, page, attempt]);

  const chosen = new Set(selected.map((item) => item.id));
  const toggle = (item: PickerItem) => onChange(chosen.has(item.id) ? selected.filter((other) => other.id !== item.id) : [...selected, item]);

  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      <Paper withBorder radius="md" p="xs">
        <Stack gap="xs">
          <SearchInput value={query} onChange={(value) => (setQuery(value), setPage(1))} placeholder={placeholder} />
          <ScrollArea h={260} type="auto">
            {error ? (
              <ErrorState error={error} onRetry={() => setAttempt((value) => value + 1)} />
            ) : items.length === 0 && loading ? (
              <LoadingState />
            ) : items.length === 0 ? (
              <Text size="sm" c="dimmed" p="sm">
                {query ? `No ${noun} matches “${query}”.` : `There is no ${noun} left to add.`}
              </Text>
            ) : (
              <Stack gap={2} role="group" aria-label={`Available ${noun}s`}>
                {items.map((item) => (
                  <Checkbox.Card
                    key={item.id}
                    checked={chosen.has(item.id)}
                    onClick={() => toggle(item)}
                    radius="md"
                    p={6}
                    withBorder={false}
                    aria-label={item.label}
                    style={{ background: chosen.has(item.id) ? 'var(--mantine-color-indigo-0)' : undefined }}
                  >
                    <Group wrap="nowrap" gap="sm">
                      <Checkbox.Indicator />
                      {item.render}
                    </Group>
                  </Checkbox.Card>
                ))}
                {items.length < total && (
                  <Button variant="subtle" size="xs" loading={loading} onClick={() => setPage((value) => value + 1)}>
                    Show more ({total - items.length} left)
                  </Button>
                )}
              </Stack>
            )}
          </ScrollArea>
        </Stack>
      </Paper>
      <Paper withBorder radius="md" p="xs">
        <Group justify="space-between" mb="xs" px={4}>
          <Text size="sm" fw={500}>
            Selected <Badge size="sm" variant="light">{selected.length}</Badge>
          </Text>
          {selected.length > 0 && (
            <Button variant="subtle" size="compact-xs" onClick={() => onChange([])}>
              Clear
            </Button>
          )}
        </Group>
        <ScrollArea h={296} type="auto">
          {selected.length === 0 ? (
            <Text size="sm" c="dimmed" p="sm">
              Pick one or more {noun}s on the left.
            </Text>
          ) : (
            <Stack gap={4} aria-label={`Selected ${noun}s`}>
              {selected.map((item) => (
                <Group key={item.id} justify="space-between" wrap="nowrap" px={6} py={4}>
                  {item.render}
                  <CloseButton size="sm" aria-label={`Remove ${item.label} from the selection`} onClick={() => toggle(item)} />
                </Group>
              ))}
            </Stack>
          )}
        </ScrollArea>
      </Paper>
    </SimpleGrid>
  );
}
