import { Button, Group, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api, call } from '../api/client.ts';
import { FormError } from '../components/form-error.tsx';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { useAction } from '../components/use-action.ts';
import { useLoad } from '../components/use-load.ts';

type Claim = 'organizations' | 'organization_roles' | 'organization_data';

const CLAIMS: Array<{ claim: Claim; label: string; description: string }> = [
  { claim: 'organizations', label: 'organizations', description: 'The IDs of the organizations the person is an active member of.' },
  { claim: 'organization_roles', label: 'organization_roles', description: 'Their roles, as organization-ID:role-name.' },
  { claim: 'organization_data', label: 'organization_data', description: 'Each organization’s ID, name and description: larger tokens; off by default.' },
];

/**
 * Which organization claims ID tokens carry (`/api/configs/id-token`). Claims Guildhall does not
 * issue (stored for Logto's tools) are kept as they are when saving.
 */
export function ClaimsTab() {
  const config = useLoad(() => call(api.GET('/api/configs/id-token')), []);
  const [enabled, setEnabled] = useState<string[]>([]);
  const { busy, error, run } = useAction(config.reload);
  useEffect(() => setEnabled(config.data?.enabledExtendedClaims ?? []), [config.data]);

  if (config.error) return <ErrorState error={config.error} onRetry={config.reload} />;
  if (!config.data) return <LoadingState />;
  const stored = config.data.enabledExtendedClaims;
  const dirty = CLAIMS.some(({ claim }) => stored.includes(claim) !== enabled.includes(claim));
  const toggle = (claim: Claim, on: boolean) => setEnabled((previous) => (on ? [...previous, claim] : previous.filter((value) => value !== claim)));
  const save = () =>
    run(
      () => call(api.PUT('/api/configs/id-token', { body: { enabledExtendedClaims: enabled as typeof stored } })),
      'ID token claims saved.',
    );

  return (
    <Paper withBorder radius="md" p="lg">
      <Stack maw={720}>
        <div>
          <Title order={4}>Organization claims in ID tokens</Title>
          <Text size="sm" c="dimmed">
            When an application asks for the organization scopes, its ID tokens carry the claims switched on here, from the
            next token on. Userinfo always answers all of them, and organization tokens are not affected.
          </Text>
        </div>
        {CLAIMS.map(({ claim, label, description }) => (
          <Switch
            key={claim}
            label={<Text ff="monospace" size="sm">{label}</Text>}
            description={description}
            checked={enabled.includes(claim)}
            onChange={(event) => toggle(claim, event.currentTarget.checked)}
          />
        ))}
        <FormError error={error} />
        <Group>
          <Button onClick={save} disabled={!dirty} loading={busy}>
            Save claims
          </Button>
          <Button variant="default" onClick={() => setEnabled(stored)} disabled={!dirty || busy}>
            Discard
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
