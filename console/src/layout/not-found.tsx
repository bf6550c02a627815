import { Button } from '@mantine/core';
import { IconMapPinOff } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyState } from '../components/states.tsx';

export function NotFoundPage() {
  return (
    <EmptyState icon={<IconMapPinOff size={28} />} title="This page does not exist" action={<Button component={Link} to="/organizations">Go to organizations</Button>}>
      The address may be mistyped, or what it pointed to was deleted.
    </EmptyState>
  );
}
