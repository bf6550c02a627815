import { Button, Group, JsonInput, Paper, Stack, Switch, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, call } from '../api/client.ts';
import type { Organization } from '../api/types.ts';
import { FormError, messageOf } from '../components/form-error.tsx';
import { notifySuccess } from '../components/notify.ts';
import { UnsavedChangesGuard } from '../components/unsaved-guard.tsx';

interface Draft {
  name: string;
  description: string;
  customData: string;
  isMfaRequired: boolean;
}

const toDraft = (organization: Organization): Draft => ({
  name: organization.name,
  description: organization.description ?? '',
  customData: JSON.stringify(organization.customData ?? {}, null, 2),
  isMfaRequired: organization.isMfaRequired,
});

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
  const initial = useMemo(() => toDraft(organization), [organization]);
  const [draft, setDraft] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => setDraft(initial), [initial]);

  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  const customData = parseJsonObject(draft.customData);
  const nameError = draft.name.trim() ? undefined : 'The organization needs a name.';
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((previous) => ({ ...previous, [key]: value }));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (nameError || customData.error) return;
    setBusy(true);
    setError(undefined);
    try {
      await call(
        api.PATCH('/api/organizations/{id}', {
          params: { path: { id: organization.id } },
          body: {
            name: draft.name.trim(),
            description: draft.description.trim() || null,
            customData: customData.value ?? {},
            isMfaRequired: draft.isMfaRequired,
          },
        }),
      );
      notifySuccess('Settings saved.');
      onSaved();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={save} noValidate>
      <UnsavedChangesGuard dirty={dirty && !busy} />
      <Paper withBorder radius="md" p="lg">
        <Stack maw={720}>
          <Title order={4}>General</Title>
          <TextInput label="Name" required value={draft.name} onChange={(event) => set('name', event.currentTarget.value)} error={nameError} maxLength={128} description="Names do not have to be unique; the ID is what identifies the organization." />
          <Textarea label="Description" value={draft.description} onChange={(event) => set('description', event.currentTarget.value)} maxLength={256} autosize minRows={2} />
          <JsonInput
            label="Custom data"
            description="A JSON object for your own use, such as a plan or a billing ID. It can appear in organization tokens' claims and is replaced as a whole when saved."
            value={draft.customData}
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
            checked={draft.isMfaRequired}
            onChange={(event) => set('isMfaRequired', event.currentTarget.checked)}
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
            <Button variant="default" disabled={!dirty || busy} onClick={() => setDraft(initial)}>
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
