import { Avatar, Group, Stack, Text } from '@mantine/core';
import { formatDateTime, initials, userLabel } from './format.ts';

type UserLike = {
  id: string;
  name?: string | null;
  username?: string | null;
  primaryEmail?: string | null;
  primaryPhone?: string | null;
  avatar?: string | null;
};

export function UserAvatar({ user, size = 32 }: { user: UserLike; size?: number }) {
  const label = userLabel(user);
  return (
    <Avatar src={user.avatar ?? null} alt={label} size={size} radius="xl" color="initials" name={label}>
      {initials(label)}
    </Avatar>
  );
}

export function UserCell({ user }: { user: UserLike }) {
  const label = userLabel(user);
  const secondary = [user.username && user.username !== label ? `@${user.username}` : undefined, user.primaryEmail !== label ? user.primaryEmail : undefined]
    .filter(Boolean)
    .join(' · ');
  return (
    <Group gap="sm" wrap="nowrap">
      <UserAvatar user={user} />
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text size="sm" fw={500} truncate>
          {label}
        </Text>
        <Text size="xs" c="dimmed" truncate>
          {secondary || user.id}
        </Text>
      </Stack>
    </Group>
  );
}

/** When the user last signed in, or a dimmed "Never". */
export function LastSignIn({ at }: { at: number | null | undefined }) {
  return (
    <Text size="sm" c={at ? undefined : 'dimmed'}>
      {at ? formatDateTime(at) : 'Never'}
    </Text>
  );
}
