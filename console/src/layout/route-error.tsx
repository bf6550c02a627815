import { Center } from '@mantine/core';
import { useRouteError } from 'react-router';
import { ErrorState } from '../components/states.tsx';

/**
 * Shown when a page cannot render, most often because its code could not be loaded: after
 * Guildhall was upgraded, the old build's chunks are gone, and reloading fetches the new ones.
 */
export function RouteError() {
  const error = useRouteError();
  const loadFailed = error instanceof TypeError && /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(error.message);
  const message = loadFailed
    ? 'This page could not be loaded. Guildhall may have been updated since you opened the Console: reload to get the new version.'
    : error instanceof Error
      ? error.message
      : 'The page could not be shown.';
  return (
    <Center p="xl">
      <ErrorState error={new Error(message)} onRetry={() => window.location.reload()} />
    </Center>
  );
}
