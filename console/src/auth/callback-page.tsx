import { Button, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { LoadingState } from '../components/states.tsx';
import { completeSignIn, startSignIn } from './session.ts';

export function CallbackPage() {
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  const started = useRef(false);
  useEffect(() => {
    // React's development double effects must not spend the one-time code twice.
    if (started.current) return;
    started.current = true;
    completeSignIn(window.location.search).then(
      (returnTo) => navigate(returnTo, { replace: true }),
      (caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)),
    );
  }, [navigate]);
  if (!error) {
    return (
      <Center h="100vh">
        <LoadingState label="Signing you in…" />
      </Center>
    );
  }
  return (
    <Center h="100vh" p="md">
      <Paper withBorder p="xl" radius="md" maw={460}>
        <Stack>
          <Title order={3}>Sign-in did not complete</Title>
          <Text size="sm" role="alert">
            {error}
          </Text>
          <Button onClick={() => void startSignIn('/')}>Sign in again</Button>
        </Stack>
      </Paper>
    </Center>
  );
}
