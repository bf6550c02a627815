import { Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api, call } from '../api/client.ts';
import { FormError, messageOf } from '../components/form-error.tsx';
import { notifySuccess } from '../components/notify.ts';

export function CreateOrganizationModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [touched, setTouched] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!name.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      const created = await call(
        api.POST('/api/organizations', { body: { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) } }),
      );
      notifySuccess(`Organization “${created.name}” created.`);
      setName('');
      setDescription('');
      setTouched(false);
      onClose();
      navigate(`/organizations/${created.id}`);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Create organization</Text>} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Name"
            required
            placeholder="Acme Corporation"
            description="Shown to members when they pick an organization. It does not have to be unique."
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={touched && !name.trim() ? 'Give the organization a name.' : undefined}
            maxLength={128}
            data-autofocus
          />
          <Textarea
            label="Description"
            placeholder="Who this organization is, for your own reference"
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            maxLength={256}
            autosize
            minRows={2}
          />
          <FormError error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Create organization
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
