// A real Guildhall listening on 127.0.0.1 for the Management API client tests, from the server's
// own test harness. Imported by a computed path so that type-checking the SDK does not type-check
// the server; this interface names what the SDK tests use.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ListeningGuildhall {
  /** Where the server listens, e.g. `http://127.0.0.1:43123`. */
  url: string;
  /** The Management API indicator (the configured endpoint + `/api`, not the listening URL). */
  apiIndicator: string;
  /** The configured endpoint (what tokens' `iss` and audiences are built from). */
  endpoint: string;
  admin: { id: string; secret: string };
}

interface ServerHarness {
  startGuildhall(): Promise<{
    app: { listen(options: { port: number; host: string }): Promise<string> };
    config: { endpoint: string };
    admin: { id: string; secret: string };
  }>;
}

const harness = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../server/test/support/guildhall.ts');

/** Starts a Guildhall on a fresh database (closed after the test file) and listens on a free port. */
export async function listeningGuildhall(): Promise<ListeningGuildhall> {
  const { startGuildhall } = (await import(harness)) as ServerHarness;
  const gh = await startGuildhall();
  const url = await gh.app.listen({ port: 0, host: '127.0.0.1' });
  return { url, apiIndicator: `${gh.config.endpoint}/api`, endpoint: gh.config.endpoint, admin: gh.admin };
}
