import { Alert } from '@mantine/core';

export function FormError({ error }: { error: string | undefined }) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" role="alert">
      {error}
    </Alert>
  );
}

export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
