import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, ThemeIcon, Title } from '@mantine/core';
import { IconCircleCheck, IconShieldLock } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ApiProblem, api, call } from '../api/client.ts';
import { startSignIn } from '../auth/session.ts';
import { FormError, messageOf } from '../components/form-error.tsx';
import { Logo } from '../layout/logo.tsx';

const USERNAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** First run: create the administrator who will sign in to the Console. Gone once done. */
export function SetupPage() {
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<'created' | 'already'>();

  const problems = {
    username: !username ? 'Choose a username.' : USERNAME.test(username) ? undefined : 'Use letters, digits, “_”, “.” or “-”, starting with a letter or “_”.',
    email: email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) ? 'This does not look like an email address.' : undefined,
    password: password.length < 8 ? 'Use at least 8 characters.' : undefined,
    confirm: confirm !== password ? 'The passwords do not match.' : undefined,
  };
  const show = (key: keyof typeof problems) => (submitted ? problems[key] : undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.values(problems).some(Boolean)) return;
    setBusy(true);
    setError(undefined);
    try {
      await call(api.POST('/console-setup', { body: { username, password, ...(email ? { primaryEmail: email } : {}) } }));
      setDone('created');
    } catch (caught) {
      if (caught instanceof ApiProblem && caught.code === 'console.already_set_up') setDone('already');
      else setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-gray-0)">
      <Stack w="100%" maw={440} gap="lg">
        <Center>
          <Logo />
        </Center>
        <Paper withBorder shadow="sm" radius="md" p="xl">
          {done ? (
            <Stack align="center" ta="center">
              <ThemeIcon size={56} radius="xl" color="teal" variant="light">
                <IconCircleCheck size={30} />
              </ThemeIcon>
              <Title order={3}>{done === 'created' ? 'Your administrator account is ready' : 'Guildhall already has an administrator'}</Title>
              <Text size="sm" c="dimmed">
                {done === 'created'
                  ? 'Sign in with the username and password you just chose. This setup page is now closed for good.'
                  : 'Someone completed the setup first. Sign in with an administrator account.'}
              </Text>
              <Button fullWidth onClick={() => void startSignIn('/organizations')}>
                Continue to sign in
              </Button>
            </Stack>
          ) : (
            <form onSubmit={submit} noValidate>
              <Stack>
                <Stack gap={4}>
                  <ThemeIcon size={40} radius="md" variant="light">
                    <IconShieldLock size={22} />
                  </ThemeIcon>
                  <Title order={3}>Welcome to Guildhall</Title>
                  <Text size="sm" c="dimmed">
                    Nobody administers this Guildhall yet. Create the first administrator account: it can manage
                    organizations, users and applications, and make other people administrators later.
                  </Text>
                </Stack>
                <TextInput label="Username" required autoComplete="username" value={username} onChange={(e) => setUsername(e.currentTarget.value)} error={show('username')} data-autofocus />
                <TextInput
                  label="Email"
                  description="Optional."
                  type="email"
                  autoComplete="email"
                  value={email}
                  onChange={(e) => setEmail(e.currentTarget.value)}
                  error={show('email')}
                />
                <PasswordInput label="Password" required description="At least 8 characters." autoComplete="new-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={show('password')} />
                <PasswordInput label="Repeat the password" required autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} error={show('confirm')} />
                <FormError error={error} />
                <Button type="submit" loading={busy} fullWidth>
                  Create administrator
                </Button>
                <Alert variant="light" color="gray">
                  <Text size="xs">This page is available only until the first administrator exists.</Text>
                </Alert>
              </Stack>
            </form>
          )}
        </Paper>
      </Stack>
    </Center>
  );
}
