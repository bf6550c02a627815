import { Button, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Navigate, Outlet } from 'react-router';
import { api } from '../api/client.ts';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { decodeJwtPayload } from './pkce.ts';
import { currentPath, loadSession, signOut, startSignIn } from './session.ts';

type Gate = { kind: 'checking' } | { kind: 'setup' } | { kind: 'signed-in' } | { kind: 'signing-in' } | { kind: 'error'; error: Error };

/**
 * Everything behind it needs a signed-in administrator. On a fresh install (no administrator
 * yet) it sends the visitor to the one-time setup page instead.
 */
export function RequireSession() {
  const [gate, setGate] = useState<Gate>({ kind: 'checking' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    (async () => {
      if (loadSession()) return setGate({ kind: 'signed-in' });
      const { data, response } = await api.GET('/console-setup');
      if (!current) return;
      if (response.ok && data?.needsAdministrator) return setGate({ kind: 'setup' });
      if (response.status !== 409) throw new Error(`Guildhall answered ${response.status} while checking its setup.`);
      setGate({ kind: 'signing-in' });
      await startSignIn(currentPath());
    })().catch((error: unknown) => current && setGate({ kind: 'error', error: error instanceof Error ? error : new Error(String(error)) }));
    return () => {
      current = false;
    };
  }, [attempt]);

  switch (gate.kind) {
    case 'signed-in':
      return isAdministrator() ? <Outlet /> : <NotAnAdministrator />;
    case 'setup':
      return <Navigate to="/setup" replace />;
    case 'error':
      return (
        <Center h="100vh" p="md">
          <ErrorState error={gate.error} onRetry={() => setAttempt((value) => value + 1)} />
        </Center>
      );
    default:
      return (
        <Center h="100vh">
          <LoadingState label={gate.kind === 'signing-in' ? 'Taking you to sign in…' : 'Loading the Console…'} />
        </Center>
      );
  }
}

/** Only administrators get the Management API's `all` scope; anyone else can sign in but not manage. */
function isAdministrator(): boolean {
  const session = loadSession();
  if (!session) return false;
  try {
    const scope = decodeJwtPayload(session.accessToken).scope;
    return typeof scope === 'string' && scope.split(' ').includes('all');
  } catch {
    return false;
  }
}

function NotAnAdministrator() {
  const who = loadSession()?.user;
  const name = who?.name ?? who?.username ?? who?.email ?? 'This account';
  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-gray-0)">
      <Paper withBorder radius="md" p="xl" maw={480}>
        <Stack>
          <Title order={3}>This account cannot administer Guildhall</Title>
          <Text size="sm" c="dimmed">
            You are signed in as {name}, who is not a Guildhall administrator. Ask an administrator to make you one (Users →
            your account → Make administrator), or sign in with another account.
          </Text>
          <Button onClick={signOut} data-autofocus>
            Sign out
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
