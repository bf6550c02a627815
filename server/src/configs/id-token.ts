import type { Executor } from '../platform/database.ts';

/** The extended claims an ID token may carry, as Logto names them (reference §4.1). */
export const EXTENDED_ID_TOKEN_CLAIMS = [
  'custom_data',
  'identities',
  'sso_identities',
  'roles',
  'organizations',
  'organization_data',
  'organization_roles',
] as const;
export type ExtendedIdTokenClaim = (typeof EXTENDED_ID_TOKEN_CLAIMS)[number];

/** Logto's default since 1.37: `organization_data` is for userinfo only. */
export const DEFAULT_ID_TOKEN_CLAIMS: readonly ExtendedIdTokenClaim[] = ['roles', 'organizations', 'organization_roles'];

/** The extended claims Guildhall issues; the others are kept for Logto's tools and change nothing. */
export const ORGANIZATION_ID_TOKEN_CLAIMS = ['organizations', 'organization_roles', 'organization_data'] as const;

const KEY = 'idToken';

/**
 * An SQL expression for the enabled claims (a JSON array), the defaults when nothing is stored:
 * the token hot path reads it in the statement it already runs (oidc/organization-queries.ts).
 */
export const enabledIdTokenClaimsSql = `coalesce(
  (select document -> 'enabledExtendedClaims' from configs where key = '${KEY}'),
  '${JSON.stringify(DEFAULT_ID_TOKEN_CLAIMS)}'::jsonb)`;

export async function findEnabledIdTokenClaims(db: Executor): Promise<ExtendedIdTokenClaim[]> {
  const row = await db.selectFrom('configs').select('document').where('key', '=', KEY).executeTakeFirst();
  const stored = row?.document.enabledExtendedClaims;
  return Array.isArray(stored) ? (stored as ExtendedIdTokenClaim[]) : [...DEFAULT_ID_TOKEN_CLAIMS];
}

/** Stores the list (known claims, each once, in the order of {@link EXTENDED_ID_TOKEN_CLAIMS}). */
export async function saveEnabledIdTokenClaims(db: Executor, claims: readonly ExtendedIdTokenClaim[]): Promise<ExtendedIdTokenClaim[]> {
  const enabled = EXTENDED_ID_TOKEN_CLAIMS.filter((claim) => claims.includes(claim));
  const document = JSON.stringify({ enabledExtendedClaims: enabled });
  await db
    .insertInto('configs')
    .values({ key: KEY, document })
    .onConflict((c) => c.column('key').doUpdateSet({ document, updatedAt: new Date() }))
    .execute();
  return enabled;
}
