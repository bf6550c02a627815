import type { Client, ClientMetadata } from 'oidc-provider';
import type { Db } from '../platform/database.ts';
import type { Application } from '../platform/schema.ts';
import { run, statement } from './statements.ts';

/** The signing algorithm of every token Guildhall issues (see docs/signing-keys.md). */
export const SIGNING_ALG = 'EdDSA' as const;

/** Translates an application row into oidc-provider client metadata (RFC 7591 names). */
export function toClientMetadata(
  app: Pick<Application, 'id' | 'name' | 'type' | 'secret' | 'oidcClientMetadata' | 'isThirdParty' | 'accessControl'>,
): ClientMetadata {
  const { redirectUris = [], postLogoutRedirectUris = [] } = app.oidcClientMetadata ?? {};
  const common = {
    client_id: app.id,
    client_name: app.name,
    id_token_signed_response_alg: SIGNING_ALG,
    is_third_party: app.isThirdParty,
    access_control: app.accessControl,
  };
  switch (app.type) {
    case 'MachineToMachine':
      return {
        ...common,
        client_secret: app.secret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
      };
    case 'Traditional':
      return {
        ...common,
        client_secret: app.secret,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: redirectUris,
        post_logout_redirect_uris: postLogoutRedirectUris,
        token_endpoint_auth_method: 'client_secret_basic',
      };
    case 'SPA':
    case 'Native':
      return {
        ...common,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: redirectUris,
        post_logout_redirect_uris: postLogoutRedirectUris,
        token_endpoint_auth_method: 'none',
        ...(app.type === 'Native' ? { application_type: 'native' } : {}),
      };
  }
}

type ClientRow = Pick<Application, 'id' | 'name' | 'type' | 'secret' | 'oidcClientMetadata' | 'isThirdParty' | 'accessControl'>;

// Read on every token request (clients are live: a Management API change applies at once).
const clientById = statement(
  'client_by_id',
  'select id, name, type, secret, oidc_client_metadata, is_third_party, access_control from applications where id = $1',
);

export async function findClientMetadata(db: Db, id: string): Promise<ClientMetadata | undefined> {
  const [app] = await run<ClientRow>(db, clientById, [id]);
  return app ? toClientMetadata(app) : undefined;
}

/**
 * Third-party applications are asked for consent and get no organization tokens (yet). The client
 * holds extra metadata under its own name (oidc-provider's Client constructor camelCases only the
 * metadata it recognizes); `client.metadata()` would rebuild the whole document on every call,
 * which cost ~4 % of a refresh-token request's CPU. test/oidc/third-party-consent.test.ts fails if
 * this reads the wrong property.
 */
export function isThirdParty(client: Client): boolean {
  return (client as Client & { is_third_party?: boolean }).is_third_party === true;
}

/** Whether only some people may sign in to the application (applications/access-control, oidc/application-access.ts). */
export function hasAccessControl(client: Client): boolean {
  return (client as Client & { access_control?: boolean }).access_control === true;
}
