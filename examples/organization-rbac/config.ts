// The example's configuration, from the environment. Two URLs, because the place you reach
// Guildhall at may differ from the endpoint it is configured with (a container, a test):
//   GUILDHALL_ENDPOINT  its configured GUILDHALL_ENDPOINT: tokens' issuer and the Management API indicator
//   GUILDHALL_URL       where this service reaches it (default: GUILDHALL_ENDPOINT)
import { createOrganizationTokenVerifier, type OrganizationTokenVerifier } from '@guildhall/sdk';
import { createManagementClient, type ManagementClient } from '@guildhall/sdk/management';

export interface ExampleConfig {
  endpoint: string;
  url: string;
  clientId: string;
  clientSecret: string;
  port: number;
}

export function loadExampleConfig(env: NodeJS.ProcessEnv = process.env): ExampleConfig {
  const endpoint = (env.GUILDHALL_ENDPOINT ?? 'http://localhost:3001').replace(/\/$/, '');
  // A machine-to-machine app with Management API access: e.g. the admin app Guildhall ensures
  // from GUILDHALL_ADMIN_CLIENT_ID / GUILDHALL_ADMIN_CLIENT_SECRET.
  const clientId = env.GUILDHALL_M2M_CLIENT_ID ?? env.GUILDHALL_ADMIN_CLIENT_ID;
  const clientSecret = env.GUILDHALL_M2M_CLIENT_SECRET ?? env.GUILDHALL_ADMIN_CLIENT_SECRET;
  if (!clientId || !clientSecret) {
    throw new Error('Set GUILDHALL_M2M_CLIENT_ID and GUILDHALL_M2M_CLIENT_SECRET (a machine-to-machine app with Management API access)');
  }
  return {
    endpoint,
    url: (env.GUILDHALL_URL ?? endpoint).replace(/\/$/, ''),
    clientId,
    clientSecret,
    port: Number(env.PORT ?? 4000),
  };
}

/** The Management API client: client-credentials tokens are cached and renewed by the SDK. */
export function managementClient(config: ExampleConfig): ManagementClient {
  return createManagementClient({
    endpoint: config.url,
    apiIndicator: `${config.endpoint}/api`,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
  });
}

/** Verifies organization tokens issued by this Guildhall (its keys are fetched from GUILDHALL_URL). */
export function organizationTokenVerifier(config: ExampleConfig): OrganizationTokenVerifier {
  return createOrganizationTokenVerifier({ issuer: `${config.endpoint}/oidc`, jwksUri: `${config.url}/oidc/jwks` });
}
