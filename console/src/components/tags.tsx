import { Badge, Group, Text } from '@mantine/core';

export function RoleTags({ roles, empty = '—' }: { roles: Array<{ id: string; name: string }>; empty?: string }) {
  if (roles.length === 0) return <Text c="dimmed" size="sm">{empty}</Text>;
  return (
    <Group gap={4}>
      {roles.map((role) => (
        <Badge key={role.id} variant="light" radius="sm" tt="none">
          {role.name}
        </Badge>
      ))}
    </Group>
  );
}

export function StatusBadge({ status }: { status: 'Active' | 'Suspended' }) {
  return (
    <Badge color={status === 'Active' ? 'teal' : 'orange'} variant="dot" tt="none">
      {status}
    </Badge>
  );
}

export function RoleTypeBadge({ type }: { type: 'User' | 'MachineToMachine' }) {
  return (
    <Badge variant="outline" color={type === 'User' ? 'indigo' : 'grape'} radius="sm" tt="none">
      {type === 'User' ? 'User' : 'Machine-to-machine'}
    </Badge>
  );
}
