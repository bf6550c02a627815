import { Group, Text } from '@mantine/core';

export function Logo() {
  return (
    <Group gap={8} wrap="nowrap">
      <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="var(--mantine-color-indigo-7)" />
        <path d="M6 14 16 7l10 7v1H6z M8 16h3v8H8z M14.5 16h3v8h-3z M21 16h3v8h-3z M6 25h20v2H6z" fill="#fff" />
      </svg>
      <Text fw={700} size="lg">
        Guildhall
      </Text>
      <Text size="sm" c="dimmed">
        Console
      </Text>
    </Group>
  );
}
