import { Alert, Checkbox, Group, MultiSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api, call } from '../api/client.ts';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { useAction } from '../components/use-action.ts';
import { useLoad } from '../components/use-load.ts';
import { loadApiPermissionGroups } from '../resources/resources-source.ts';

/** The user scopes Guildhall releases claims for, as people read them. */
const USER_SCOPES = [
  { value: 'profile', label: 'Profile', description: 'Name, username and picture' },
  { value: 'email', label: 'Email address' },
  { value: 'phone', label: 'Phone number' },
  { value: 'urn:logto:scope:organizations', label: 'Organizations', description: 'Which organizations the person is in; needed for organization tokens' },
  { value: 'urn:logto:scope:organization_roles', label: 'Organization roles', description: "The person's roles in each organization" },
] as const;

type Kind = 'organizationScopes' | 'resourceScopes' | 'organizationResourceScopes' | 'userScopes';
const SCOPE_TYPES = {
  organizationScopes: 'organization-scopes',
  resourceScopes: 'resource-scopes',
  organizationResourceScopes: 'organization-resource-scopes',
  userScopes: 'user-scopes',
} as const;

/**
 * What a third-party app may ask people for (its user consent scopes): the consent page offers
 * only these, and organization and API permissions are held to them at every token.
 */
export function ConsentScopes({ applicationId }: { applicationId: string }) {
  const path = { params: { path: { applicationId } } };
  const current = useLoad(() => call(api.GET('/api/applications/{applicationId}/user-consent-scopes', path)), [applicationId]);
  const template = useLoad(() => call(api.GET('/api/organization-scopes', {})), []);
  const groups = useLoad(() => loadApiPermissionGroups(), []);
  const { busy, error, run } = useAction(current.reload);
  // What was just chosen, shown at once while it is saved; the list read back afterwards replaces it.
  const [pending, setPending] = useState<Partial<Record<Kind, string[]>>>({});
  useEffect(() => setPending({}), [current.data]);

  /** Adds and removes one kind of scope so that it becomes `next`. */
  const change = async (kind: Kind, previous: string[], next: string[]) => {
    const added = next.filter((id) => !previous.includes(id));
    const removed = previous.filter((id) => !next.includes(id));
    if (added.length === 0 && removed.length === 0) return;
    setPending((before) => ({ ...before, [kind]: next }));
    await run(async () => {
      if (added.length > 0) await call(api.POST('/api/applications/{applicationId}/user-consent-scopes', { ...path, body: { [kind]: added } }));
      for (const scopeId of removed) {
        await call(
          api.DELETE('/api/applications/{applicationId}/user-consent-scopes/{scopeType}/{scopeId}', {
            params: { path: { applicationId, scopeType: SCOPE_TYPES[kind], scopeId } },
          }),
        );
      }
    }, added.length > 0 ? 'The app may ask for it now.' : 'The app no longer asks for it.');
  };

  const failed = current.error ?? template.error ?? groups.error;
  const reload = () => [current, template, groups].forEach((load) => load.error && load.reload());
  const data = current.data;
  const grouped = (list: Array<{ scopes: Array<{ id: string }> }>) => list.flatMap((group) => group.scopes.map((scope) => scope.id));
  const saved: Record<Kind, string[]> = {
    userScopes: data?.userScopes ?? [],
    organizationScopes: data?.organizationScopes.map((scope) => scope.id) ?? [],
    resourceScopes: grouped(data?.resourceScopes ?? []),
    organizationResourceScopes: grouped(data?.organizationResourceScopes ?? []),
  };
  const shown = (kind: Kind) => pending[kind] ?? saved[kind];
  const apiOptions = (groups.data ?? []).map((group) => ({
    group: group.resource.name,
    items: group.scopes.map((scope) => ({ value: scope.id, label: scope.name })),
  }));

  return (
    <Paper withBorder radius="md" p="lg" aria-label="What it may ask for" component="section">
      <Stack gap={4} mb="sm" maw={620}>
        <Title order={5}>What it may ask for</Title>
        <Text size="sm" c="dimmed">
          A third-party app gets only what is allowed here: the consent page offers nothing else, and its tokens never carry
          other permissions or claims. Changes apply to its next token.
        </Text>
      </Stack>
      {failed ? (
        <ErrorState error={failed} onRetry={reload} />
      ) : !data || !template.data || !groups.data ? (
        <LoadingState />
      ) : (
        <Stack gap="md">
          <Stack gap={6}>
            <Text size="sm" fw={500}>
              About the person
            </Text>
            <Group gap="lg" align="flex-start">
              {USER_SCOPES.map((scope) => {
                const checked = shown('userScopes').includes(scope.value);
                return (
                  <Checkbox
                    key={scope.value}
                    label={scope.label}
                    description={'description' in scope ? scope.description : undefined}
                    checked={checked}
                    disabled={busy}
                    maw={220}
                    onChange={() =>
                      void change('userScopes', shown('userScopes'), checked ? shown('userScopes').filter((value) => value !== scope.value) : [...shown('userScopes'), scope.value])
                    }
                  />
                );
              })}
            </Group>
          </Stack>
          {(
            [
              {
                kind: 'organizationScopes',
                label: 'Organization permissions',
                description: "Of what a person's roles grant in an organization, its organization tokens carry only these",
                data: template.data.map((scope) => ({ value: scope.id, label: scope.name })),
                empty: 'The organization template has no permissions yet',
              },
              {
                kind: 'resourceScopes',
                label: 'API permissions without an organization',
                description: "Of a person's API permissions, tokens requested without organization_id carry only these",
                data: apiOptions,
                empty: 'No API resources yet',
              },
              {
                kind: 'organizationResourceScopes',
                label: 'API permissions in an organization',
                description: "Of a person's API permissions, tokens requested with organization_id carry only these",
                data: apiOptions,
                empty: 'No API resources yet',
              },
            ] as const
          ).map(({ kind, label, description, data: options, empty }) => (
            <MultiSelect
              key={kind}
              label={label}
              description={description}
              placeholder={options.length === 0 ? empty : 'Choose permissions'}
              data={options}
              value={shown(kind)}
              onChange={(next) => void change(kind, shown(kind), next)}
              disabled={busy}
              searchable
              clearable
            />
          ))}
        </Stack>
      )}
      {error && (
        <Alert color="red" variant="light" mt="sm" role="alert">
          {error}
        </Alert>
      )}
    </Paper>
  );
}
