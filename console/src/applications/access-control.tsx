import { ActionIcon, Alert, Badge, Button, Group, MultiSelect, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { api, call, callPage } from '../api/client.ts';
import { userLabel } from '../components/format.ts';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { useAction } from '../components/use-action.ts';
import { useLoad } from '../components/use-load.ts';
import { loadAllOrganizationRoles } from '../organization-template/roles-source.ts';

interface Rules {
  userIds: string[];
  userRoleIds: string[];
  organizationIds: string[];
  organizationRoleRules: Array<{ organizationId: string; organizationRoleIds: string[] }>;
}
type Named = { id: string; label: string };

const searchOrganizations = async (query: string): Promise<Named[]> =>
  (await callPage(api.GET('/api/organizations', { params: { query: { q: query || undefined, page: 1, page_size: 10 } } }))).rows.map((o) => ({ id: o.id, label: o.name }));
const searchUsers = async (query: string): Promise<Named[]> =>
  (await callPage(api.GET('/api/users', { params: { query: { search: query || undefined, page: 1, page_size: 10 } } }))).rows.map((u) => ({
    id: u.id,
    label: userLabel(u),
  }));

/** Names for the ids the rules hold (an id whose entity is gone shows as itself). */
async function loadNames(rules: Rules) {
  const organizationIds = [...new Set([...rules.organizationIds, ...rules.organizationRoleRules.map((rule) => rule.organizationId)])];
  const [organizations, users] = await Promise.all([
    Promise.all(organizationIds.map((id) => call(api.GET('/api/organizations/{id}', { params: { path: { id } } })).then((o) => [id, o.name] as const, () => [id, id] as const))),
    Promise.all(
      rules.userIds.map((userId) =>
        call(api.GET('/api/users/{userId}', { params: { path: { userId } } })).then((u) => [userId, userLabel(u)] as const, () => [userId, userId] as const),
      ),
    ),
  ]);
  return new Map<string, string>([...organizations, ...users]);
}

/** A search box that adds what is chosen (organizations or people); the Management API searches. */
function AddBySearch({ label, placeholder, search, exclude, onAdd, disabled }: {
  label: string;
  placeholder: string;
  search: (query: string) => Promise<Named[]>;
  exclude: string[];
  onAdd: (item: Named) => void;
  disabled?: boolean;
}) {
  const [query, setQuery] = useState('');
  const found = useLoad(() => search(query), [query]);
  const options = (found.data ?? []).filter((item) => !exclude.includes(item.id));
  return (
    <Select
      label={label}
      placeholder={placeholder}
      searchable
      searchValue={query}
      onSearchChange={setQuery}
      filter={({ options: all }) => all}
      data={options.map((item) => ({ value: item.id, label: item.label }))}
      value={null}
      onChange={(id) => {
        const item = options.find((option) => option.id === id);
        if (item) onAdd(item);
        setQuery('');
      }}
      nothingFoundMessage={found.loading ? 'Searching…' : 'Nothing matches'}
      disabled={disabled}
    />
  );
}

function Removable({ label, onRemove, disabled }: { label: string; onRemove: () => void; disabled?: boolean }) {
  return (
    <Badge
      variant="light"
      size="lg"
      tt="none"
      rightSection={
        <ActionIcon size="xs" variant="transparent" aria-label={`Remove ${label}`} onClick={onRemove} disabled={disabled}>
          <IconX size={12} />
        </ActionIcon>
      }
    >
      {label}
    </Badge>
  );
}

/** A list of ids chosen by search (organizations or people), each removable. */
function SearchedList({ label, placeholder, listLabel, search, ids, name, busy, onChange, added }: {
  label: string;
  placeholder: string;
  listLabel: string;
  search: (query: string) => Promise<Named[]>;
  ids: string[];
  name: (id: string) => string;
  busy: boolean;
  onChange: (next: string[], message: string) => void;
  added: (item: Named) => string;
}) {
  return (
    <Stack gap={6}>
      <AddBySearch label={label} placeholder={placeholder} search={search} exclude={ids} disabled={busy} onAdd={(item) => onChange([...ids, item.id], added(item))} />
      <Group gap="xs" aria-label={listLabel}>
        {ids.map((id) => (
          <Removable key={id} label={name(id)} disabled={busy} onRemove={() => onChange(ids.filter((other) => other !== id), `${name(id)} removed.`)} />
        ))}
      </Group>
    </Stack>
  );
}

/**
 * Who may sign in to an application: anyone (no rules), or only listed people, holders of global
 * roles, active members of organizations, and holders of organization roles in an organization.
 * Every change replaces the whole set (PUT); the server checks it at every sign-in and refresh.
 */
export function AccessControlPanel({ applicationId, applicationName }: { applicationId: string; applicationName: string }) {
  const path = { params: { path: { applicationId } } };
  const rules = useLoad(() => call(api.GET('/api/applications/{applicationId}/access-control', path)), [applicationId]);
  const names = useLoad(() => (rules.data ? loadNames(rules.data) : Promise.resolve(new Map<string, string>())), [rules.data]);
  const roles = useLoad(async () => (await callPage(api.GET('/api/roles', { params: { query: { page: 1, page_size: 100 } } }))).rows.filter((r) => r.type === 'User'), []);
  const organizationRoles = useLoad(() => loadAllOrganizationRoles('User'), []);
  const { busy, error, run } = useAction(rules.reload);
  const [ruleOrganization, setRuleOrganization] = useState<Named>();
  const [ruleRoleIds, setRuleRoleIds] = useState<string[]>([]);
  const known = new Map<string, string>(names.data ?? []);

  const save = (next: Rules, message: string) =>
    run(() => call(api.PUT('/api/applications/{applicationId}/access-control', { ...path, body: next })), message);

  const failed = rules.error ?? roles.error ?? organizationRoles.error;
  if (failed) {
    return (
      <Paper withBorder radius="md" p="lg">
        <ErrorState error={failed} onRetry={() => [rules, roles, organizationRoles].forEach((load) => load.error && load.reload())} />
      </Paper>
    );
  }
  const current = rules.data;
  const open = current && current.userIds.length + current.userRoleIds.length + current.organizationIds.length + current.organizationRoleRules.length === 0;
  const name = (id: string) => known.get(id) ?? id;
  const roleName = (id: string) => organizationRoles.data?.find((role) => role.id === id)?.name ?? id;

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-label="Who may sign in">
      <Group justify="space-between" align="flex-start" mb="sm">
        <Stack gap={4} maw={620}>
          <Title order={5}>Who may sign in</Title>
          <Text size="sm" c="dimmed">
            {open
              ? `Anyone with an account may sign in to ${applicationName}. Add organizations, people or roles to let only them in.`
              : `Only the people below may sign in to ${applicationName}: checked at every sign-in and every token refresh, so leaving an organization ends access.`}
          </Text>
        </Stack>
        {current && !open && (
          <Badge color="orange" variant="light" size="lg" tt="none">
            Restricted
          </Badge>
        )}
      </Group>
      {!current || !roles.data || !organizationRoles.data ? (
        <LoadingState />
      ) : (
        <Stack gap="md">
          <SearchedList
            label="Members of an organization"
            placeholder="Find an organization"
            listLabel="Organizations whose members may sign in"
            search={searchOrganizations}
            ids={current.organizationIds}
            name={name}
            busy={busy}
            added={(organization) => `Members of ${organization.label} may sign in.`}
            onChange={(organizationIds, message) => void save({ ...current, organizationIds }, message)}
          />

          <Stack gap={6}>
            <Text size="sm" fw={500}>
              Holders of organization roles
            </Text>
            {current.organizationRoleRules.map((rule) => (
              <Group key={rule.organizationId} gap="xs">
                <Text size="sm">{name(rule.organizationId)}:</Text>
                {rule.organizationRoleIds.map((roleId) => (
                  <Badge key={roleId} variant="outline" tt="none">
                    {roleName(roleId)}
                  </Badge>
                ))}
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove the rule for ${name(rule.organizationId)}`}
                  disabled={busy}
                  onClick={() =>
                    void save(
                      { ...current, organizationRoleRules: current.organizationRoleRules.filter((other) => other.organizationId !== rule.organizationId) },
                      `The rule for ${name(rule.organizationId)} was removed.`,
                    )
                  }
                >
                  <IconX size={14} />
                </ActionIcon>
              </Group>
            ))}
            <Group align="flex-end" gap="sm">
              {ruleOrganization ? (
                <Removable label={ruleOrganization.label} onRemove={() => setRuleOrganization(undefined)} />
              ) : (
                <AddBySearch label="Organization" placeholder="Find an organization" search={searchOrganizations} exclude={[]} onAdd={setRuleOrganization} />
              )}
              <MultiSelect
                label="Roles there"
                placeholder="Choose roles"
                data={organizationRoles.data.map((role) => ({ value: role.id, label: role.name }))}
                value={ruleRoleIds}
                onChange={setRuleRoleIds}
                miw={220}
              />
              <Button
                variant="light"
                disabled={!ruleOrganization || ruleRoleIds.length === 0}
                loading={busy}
                onClick={() =>
                  void save(
                    {
                      ...current,
                      organizationRoleRules: [
                        ...current.organizationRoleRules.filter((rule) => rule.organizationId !== ruleOrganization!.id),
                        { organizationId: ruleOrganization!.id, organizationRoleIds: ruleRoleIds },
                      ],
                    },
                    `Holders of those roles in ${ruleOrganization!.label} may sign in.`,
                  ).then((saved) => {
                    if (saved) {
                      setRuleOrganization(undefined);
                      setRuleRoleIds([]);
                    }
                  })
                }
              >
                Add rule
              </Button>
            </Group>
          </Stack>

          <SearchedList
            label="People"
            placeholder="Find a person by name, username or email"
            listLabel="People who may sign in"
            search={searchUsers}
            ids={current.userIds}
            name={name}
            busy={busy}
            added={(user) => `${user.label} may sign in.`}
            onChange={(userIds, message) => void save({ ...current, userIds }, message)}
          />

          <MultiSelect
            label="Holders of global roles"
            placeholder={roles.data.length === 0 ? 'No roles for people yet' : 'Choose roles'}
            data={roles.data.map((role) => ({ value: role.id, label: role.name }))}
            value={current.userRoleIds}
            onChange={(next) => void save({ ...current, userRoleIds: next }, 'Roles saved.')}
            disabled={busy}
            searchable
          />
          {!open && (
            <Group>
              <Button variant="subtle" color="red" disabled={busy} onClick={() => void save({ userIds: [], userRoleIds: [], organizationIds: [], organizationRoleRules: [] }, `Anyone may sign in to ${applicationName} again.`)}>
                Remove every rule
              </Button>
            </Group>
          )}
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
