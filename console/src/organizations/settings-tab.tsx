import { Alert, Button, Group, JsonInput, Paper, Stack, Switch, TagsInput, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, call } from '../api/client.ts';
import type { Organization } from '../api/types.ts';
import { FormError, messageOf } from '../components/form-error.tsx';
import { notifySuccess } from '../components/notify.ts';
import { UnsavedChangesGuard } from '../components/unsaved-guard.tsx';
import { useLoad } from '../components/use-load.ts';
import { RoleSelect } from './role-select.tsx';

interface General {
  name: string;
  description: string;
  customData: string;
  isMfaRequired: boolean;
}

/** Just-in-time provisioning: email domains and the roles people provisioned by them get. */
interface Provisioning {
  emailDomains: string[];
  roleIds: string[];
}

const toGeneral = (organization: Organization): General => ({
  name: organization.name,
  description: organization.description ?? '',
  customData: JSON.stringify(organization.customData ?? {}, null, 2),
  isMfaRequired: organization.isMfaRequired,
});

const NO_PROVISIONING: Provisioning = { emailDomains: [], roleIds: [] };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

async function loadProvisioning(id: string): Promise<Provisioning> {
  const params = { params: { path: { id } } };
  const [domains, roles] = await Promise.all([
    call(api.GET('/api/organizations/{id}/jit/email-domains', params)),
    call(api.GET('/api/organizations/{id}/jit/roles', params)),
  ]);
  return { emailDomains: domains.map((row) => row.emailDomain), roleIds: roles.map((role) => role.id) };
}

/** Custom data must be a JSON object (not an array, string or number). */
export function parseJsonObject(text: string): { value?: Record<string, unknown>; error?: string } {
  if (!text.trim()) return { value: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'Custom data must be a JSON object, like {"plan": "pro"}.' };
    return { value: value as Record<string, unknown> };
  } catch (error) {
    return { error: `This is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export function SettingsTab({ organization, onSaved }: { organization: Organization; onSaved: () => void }) {
  const provisioning = useLoad(() => loadProvisioning(organization.id), [organization.id]);
  // Two drafts, each reset only when its own data arrives: the provisioning lists load after the
  // organization, and must not undo what someone already typed in the general fields.
  const initialGeneral = useMemo(() => toGeneral(organization), [organization]);
  const initialProvisioning = provisioning.data ?? NO_PROVISIONING;
  const [general, setGeneral] = useState(initialGeneral);
  const [jit, setJit] = useState(initialProvisioning);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => setGeneral(initialGeneral), [initialGeneral]);
  useEffect(() => setJit(initialProvisioning), [initialProvisioning]);

  const generalChanged = !same(general, initialGeneral);
  const domainsChanged = !same(jit.emailDomains, initialProvisioning.emailDomains);
  const rolesChanged = !same(jit.roleIds, initialProvisioning.roleIds);
  const dirty = generalChanged || domainsChanged || rolesChanged;
  const customData = parseJsonObject(general.customData);
  const nameError = general.name.trim() ? undefined : 'The organization needs a name.';
  const set = <K extends keyof General>(key: K, value: General[K]) => setGeneral((previous) => ({ ...previous, [key]: value }));
  const setProvisioning = <K extends keyof Provisioning>(key: K, value: Provisioning[K]) => setJit((previous) => ({ ...previous, [key]: value }));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (nameError || customData.error) return;
    setBusy(true);
    setError(undefined);
    const path = { params: { path: { id: organization.id } } };
    const { emailDomains, roleIds } = jit;
    // Each part is saved only when it changed; whatever was saved is shown again from the server.
    const results = await Promise.allSettled([
      !generalChanged
        ? undefined
        : call(
            api.PATCH('/api/organizations/{id}', {
              ...path,
              body: {
                name: general.name.trim(),
                description: general.description.trim() || null,
                customData: customData.value ?? {},
                isMfaRequired: general.isMfaRequired,
              },
            }),
          ),
      !domainsChanged ? undefined : call(api.PUT('/api/organizations/{id}/jit/email-domains', { ...path, body: { emailDomains } })),
      !rolesChanged ? undefined : call(api.PUT('/api/organizations/{id}/jit/roles', { ...path, body: { organizationRoleIds: roleIds } })),
    ]);
    const failure = results.find((result) => result.status === 'rejected');
    setBusy(false);
    if (failure) {
      setError(messageOf(failure.reason));
      return;
    }
    notifySuccess('Settings saved.');
    provisioning.reload();
    onSaved();
  };

  return (
    <form onSubmit={save} noValidate>
      <UnsavedChangesGuard dirty={dirty && !busy} />
      <Paper withBorder radius="md" p="lg">
        <Stack maw={720}>
          <Title order={4}>General</Title>
          <TextInput label="Name" required value={general.name} onChange={(event) => set('name', event.currentTarget.value)} error={nameError} maxLength={128} description="Names do not have to be unique; the ID is what identifies the organization." />
          <Textarea label="Description" value={general.description} onChange={(event) => set('description', event.currentTarget.value)} maxLength={256} autosize minRows={2} />
          <JsonInput
            label="Custom data"
            description="A JSON object for your own use, such as a plan or a billing ID. It can appear in organization tokens' claims and is replaced as a whole when saved."
            value={general.customData}
            onChange={(value) => set('customData', value)}
            error={customData.error}
            autosize
            minRows={4}
            maxRows={16}
            formatOnBlur
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <Switch
            label="Require multi-factor authentication"
            description="Members must have set up a second factor before they can get tokens for this organization."
            checked={general.isMfaRequired}
            onChange={(event) => set('isMfaRequired', event.currentTarget.checked)}
          />
        </Stack>
      </Paper>
      <Paper withBorder radius="md" p="lg" mt="md">
        <Stack maw={720}>
          <div>
            <Title order={4}>Just-in-time provisioning</Title>
            <Text size="sm" c="dimmed">
              People who sign up with an address at one of these domains join the organization, with the default roles.
            </Text>
          </div>
          <Alert variant="light" color="yellow" title="Not applied yet">
            Guildhall does not verify email addresses yet, and an address nobody has verified proves nothing about who
            registered it, so no one is provisioned by domain for now. The settings are kept and served to Logto-compatible tools.
          </Alert>
          <TagsInput
            label="Email domains"
            description="Such as example.com: the part after the @. Press Enter after each; they are stored in lower case."
            placeholder={jit.emailDomains.length ? undefined : 'example.com'}
            value={jit.emailDomains}
            onChange={(domains) => setProvisioning('emailDomains', domains.map((domain) => domain.trim().toLowerCase()).filter(Boolean))}
            splitChars={[',', ' ']}
            clearable
            error={provisioning.error?.message}
          />
          <RoleSelect
            type="User"
            label="Default roles"
            description="The organization roles people provisioned into this organization get."
            value={jit.roleIds}
            onChange={(ids) => setProvisioning('roleIds', ids)}
          />
          <FormError error={error} />
        </Stack>
      </Paper>
      <Paper
        withBorder
        radius="md"
        p="sm"
        mt="md"
        style={{ position: 'sticky', bottom: 12, zIndex: 5, boxShadow: dirty ? 'var(--mantine-shadow-md)' : undefined }}
      >
        <Group justify="space-between">
          <Text size="sm" c={dirty ? undefined : 'dimmed'}>
            {dirty ? 'You have unsaved changes.' : 'All changes saved.'}
          </Text>
          <Group gap="sm">
            <Button variant="default" disabled={!dirty || busy} onClick={() => { setGeneral(initialGeneral); setJit(initialProvisioning); }}>
              Discard
            </Button>
            <Button type="submit" disabled={!dirty || Boolean(nameError || customData.error)} loading={busy}>
              Save changes
            </Button>
          </Group>
        </Group>
      </Paper>
    </form>
  );
}
