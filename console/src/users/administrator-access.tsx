import { Alert, Badge, Button, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconShieldCheck, IconShieldOff, IconShieldPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { api, call, callPage } from '../api/client.ts';
import { loadSession } from '../auth/session.ts';
import { ConfirmModal } from '../components/confirm-modal.tsx';
import { notifySuccess } from '../components/notify.ts';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { useLoad } from '../components/use-load.ts';

/** The built-in global role whose holders administer Guildhall (Console and Management API). */
export const ADMIN_ROLE_ID = 'admin';

/** Whether `userId` is an administrator, and how many administrators there are. */
async function loadAccess(userId: string) {
  const [roles, administrators] = await Promise.all([
    call(api.GET('/api/users/{userId}/roles', { params: { path: { userId }, query: { page_size: 100 } } })),
    callPage(api.GET('/api/roles/{id}/users', { params: { path: { id: ADMIN_ROLE_ID }, query: { page_size: 1 } } })),
  ]);
  return { isAdministrator: roles.some((role) => role.id === ADMIN_ROLE_ID), administrators: administrators.total };
}

/**
 * Makes a user an administrator, or takes that away. Guildhall refuses to lose its last
 * administrator (422 `console.last_administrator`); the Console says so before anyone tries.
 */
export function AdministratorAccess({ userId, name, onChange }: { userId: string; name: string; onChange?: (isAdministrator: boolean) => void }) {
  const access = useLoad(() => loadAccess(userId), [userId]);
  const [confirming, setConfirming] = useState<'grant' | 'revoke'>();
  const self = loadSession()?.user.id === userId;

  const grant = async () => {
    await call(api.POST('/api/users/{userId}/roles', { params: { path: { userId } }, body: { roleIds: [ADMIN_ROLE_ID] } }));
    notifySuccess(`${name} is now an administrator.`);
    access.reload();
    onChange?.(true);
  };
  const revoke = async () => {
    await call(api.DELETE('/api/users/{userId}/roles/{roleId}', { params: { path: { userId, roleId: ADMIN_ROLE_ID } } }));
    notifySuccess(`${name} is no longer an administrator.`);
    access.reload();
    onChange?.(false);
  };

  const data = access.data;
  const last = data?.isAdministrator && data.administrators <= 1;
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="administrator-access-title">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
        <Stack gap={4} maw={620} style={{ flex: '1 1 320px' }}>
          <Group gap="xs">
            <Title order={5} id="administrator-access-title">
              Administrator
            </Title>
            {data?.isAdministrator && (
              <Badge color="teal" variant="light" leftSection={<IconShieldCheck size={12} />} tt="none">
                Administrator
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            Administrators sign in to this Console and may use the whole Management API (scope <Code>all</Code>): they
            manage every organization, user and application, and can add or remove other administrators.
          </Text>
        </Stack>
        {data &&
          (data.isAdministrator ? (
            <Button
              variant="light"
              color="red"
              leftSection={<IconShieldOff size={16} />}
              onClick={() => setConfirming('revoke')}
              disabled={last}
              aria-describedby={last ? 'last-administrator-note' : undefined}
            >
              Remove administrator access
            </Button>
          ) : (
            <Button variant="light" color="orange" leftSection={<IconShieldPlus size={16} />} onClick={() => setConfirming('grant')}>
              Make administrator
            </Button>
          ))}
      </Group>
      {access.error ? (
        <ErrorState error={access.error} onRetry={access.reload} />
      ) : !data ? (
        <LoadingState label="Checking administrator access…" />
      ) : last ? (
        <Alert color="blue" variant="light" mt="md" id="last-administrator-note">
          {self ? 'You are' : `${name} is`} the only administrator. Guildhall always keeps at least one: make another user an
          administrator before removing this one.
        </Alert>
      ) : null}
      <ConfirmModal
        opened={confirming === 'grant'}
        onClose={() => setConfirming(undefined)}
        title={`Make ${name} an administrator?`}
        confirmLabel="Make administrator"
        color="orange"
        onConfirm={grant}
      >
        {name} will be able to sign in to this Console and manage everything in Guildhall, including other administrators.
        Do this only for people you trust with that.
      </ConfirmModal>
      <ConfirmModal
        opened={confirming === 'revoke'}
        onClose={() => setConfirming(undefined)}
        title={`Remove ${name} as administrator?`}
        confirmLabel="Remove administrator access"
        onConfirm={revoke}
      >
        {self
          ? 'You will lose access to this Console when your current session ends. Another administrator can give it back.'
          : `${name} will no longer be able to use this Console or the Management API. Their account, organizations and roles there stay as they are.`}
      </ConfirmModal>
    </Paper>
  );
}
