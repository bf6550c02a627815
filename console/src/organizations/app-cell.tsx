import { Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconRobot } from '@tabler/icons-react';

/** A machine-to-machine app in a table or picker: icon, name, description or id. */
export function AppCell({ app }: { app: { id: string; name: string; description?: string | null } }) {
  return (
    <Group gap="sm" wrap="nowrap">
      <ThemeIcon variant="light" color="grape" radius="xl" size={32}>
        <IconRobot size={18} />
      </ThemeIcon>
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text size="sm" fw={500} truncate>
          {app.name}
        </Text>
        <Text size="xs" c="dimmed" truncate>
          {app.description || app.id}
        </Text>
      </Stack>
    </Group>
  );
}
