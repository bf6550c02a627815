import type { Executor } from '../platform/database.ts';
import { CLAIMS_BY_SCOPE } from './claims.ts';
import { run, statement } from './statements.ts';

/**
 * What a third-party application may be granted: its user consent scopes (reference §2.9, set
 * through `/api/applications/:id/user-consent-scopes`), read live for each request.
 *
 * - The consent page offers only these; what else the application asks for is refused there
 *   (the grant records it as rejected, so the user is not asked again).
 * - At the authorization endpoint, a resource offers a third-party application only the
 *   permissions it may ask for (resource-servers.ts).
 * - At the token endpoint, organization and API permissions are held to these at every token,
 *   so removing one applies to the next token without a new sign-in; claims (ID token, userinfo)
 *   are held to the user scopes the same way (account.ts).
 *
 * First-party applications are not limited by any of this.
 */
export interface ConsentScopes {
  /** OIDC scopes: `openid` and `offline_access` always, and the application's user scopes. */
  oidc: Set<string>;
  /** Organization permission names. */
  organizationPermissions: Set<string>;
  /** API permission names by resource indicator, for tokens without an organization… */
  resource: Map<string, Set<string>>;
  /** …and for tokens of an organization (`organization_id`). */
  organizationResource: Map<string, Set<string>>;
}

const ALWAYS = ['openid', 'offline_access'];

const consentScopes = statement(
  'application_consent_scopes',
  `select 'user' as kind, null as indicator, user_scope as name
     from application_user_consent_user_scopes where application_id = $1
   union all
   select 'organization', null, s.name
     from application_user_consent_organization_scopes c
     join organization_scopes s on s.id = c.organization_scope_id
     where c.application_id = $1
   union all
   select 'resource', r.indicator, s.name
     from application_user_consent_resource_scopes c
     join scopes s on s.id = c.scope_id
     join resources r on r.id = s.resource_id
     where c.application_id = $1
   union all
   select 'organization_resource', r.indicator, s.name
     from application_user_consent_organization_resource_scopes c
     join scopes s on s.id = c.scope_id
     join resources r on r.id = s.resource_id
     where c.application_id = $1`,
);

type Row = { kind: 'user' | 'organization' | 'resource' | 'organization_resource'; indicator: string | null; name: string };

export async function findConsentScopes(db: Executor, applicationId: string): Promise<ConsentScopes> {
  const scopes: ConsentScopes = { oidc: new Set(ALWAYS), organizationPermissions: new Set(), resource: new Map(), organizationResource: new Map() };
  const add = (map: Map<string, Set<string>>, indicator: string, name: string) => {
    let names = map.get(indicator);
    if (!names) map.set(indicator, (names = new Set()));
    names.add(name);
  };
  for (const row of await run<Row>(db, consentScopes, [applicationId])) {
    if (row.kind === 'user') scopes.oidc.add(row.name);
    else if (row.kind === 'organization') scopes.organizationPermissions.add(row.name);
    else add(row.kind === 'resource' ? scopes.resource : scopes.organizationResource, row.indicator!, row.name);
  }
  return scopes;
}

/** The API permissions of `indicator` the application may ask for at all (with or without an organization). */
export function resourcePermissions(scopes: ConsentScopes, indicator: string): Set<string> {
  return new Set([...(scopes.resource.get(indicator) ?? []), ...(scopes.organizationResource.get(indicator) ?? [])]);
}

/** The claims the allowed OIDC scopes release (`sub` always): what a `claims` request may add. */
export function allowedClaims(scopes: ConsentScopes): Set<string> {
  const claims = new Set(['sub']);
  for (const scope of scopes.oidc) for (const claim of CLAIMS_BY_SCOPE[scope] ?? []) claims.add(claim);
  return claims;
}

/** Splits what a consent would grant into what the application may have and what is refused. */
export function splitAllowed<T>(values: readonly T[], allowed: (value: T) => boolean): { granted: T[]; refused: T[] } {
  const granted: T[] = [];
  const refused: T[] = [];
  for (const value of values) (allowed(value) ? granted : refused).push(value);
  return { granted, refused };
}
