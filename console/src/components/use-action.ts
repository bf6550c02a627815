import { useState } from 'react';
import { messageOf } from './form-error.tsx';
import { notifySuccess } from './notify.ts';

/**
 * One change at a time through the Management API: `busy` while it runs, the server's message in
 * `error` when it fails, a success notice when it works. `run` resolves to whether it worked.
 */
export function useAction(after?: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = async (work: () => Promise<unknown>, message: string): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      notifySuccess(message);
      return true;
    } catch (caught) {
      setError(messageOf(caught));
      return false;
    } finally {
      setBusy(false);
      after?.();
    }
  };
  return { busy, error, run };
}
